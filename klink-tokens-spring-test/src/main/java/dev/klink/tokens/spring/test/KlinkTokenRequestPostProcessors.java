package dev.klink.tokens.spring.test;

import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * MockMvc requests with personal access tokens, as {@code SecurityMockMvcRequestPostProcessors.jwt()} does for JWTs:
 *
 * <pre>{@code
 * mvc.perform(get("/api/orders").with(klinkToken().tenant("acme").owner("alice").abilities("orders:read")))
 *     .andExpect(status().isOk());
 * mvc.perform(get("/api/orders").with(bearer(testTokens.issue("acme", "alice", "orders:read"))))   // a real token
 *     .andExpect(status().isOk());
 * }</pre>
 */
public final class KlinkTokenRequestPostProcessors {

    private KlinkTokenRequestPostProcessors() {
    }

    /** A request authenticated as if by a valid token, without one: set its tenant, owner and abilities. */
    public static KlinkTokenRequestPostProcessor klinkToken() {
        return new KlinkTokenRequestPostProcessor();
    }

    /** A request carrying {@code Authorization: Bearer <token>}, verified by the application as any other. */
    public static RequestPostProcessor bearer(String token) {
        Objects.requireNonNull(token, "token");
        return request -> {
            request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            return request;
        };
    }
}
