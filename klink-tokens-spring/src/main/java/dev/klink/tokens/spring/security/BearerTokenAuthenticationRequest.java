package dev.klink.tokens.spring.security;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An unverified bearer token, handed to {@link KlinkTokenAuthenticationProvider}. Never authenticated;
 * {@link #toString()} never shows the token.
 */
public final class BearerTokenAuthenticationRequest extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final String token;
    private final @Nullable String tenant;
    private final @Nullable String clientIp;

    /**
     * @param tenant the tenant the request is for, or {@code null} to accept a token of any tenant
     * @param clientIp recorded as the token's last-used address
     */
    public BearerTokenAuthenticationRequest(String token, @Nullable String tenant, @Nullable String clientIp) {
        super(List.of());
        this.token = Objects.requireNonNull(token, "token");
        this.tenant = tenant;
        this.clientIp = clientIp;
    }

    /** The bearer value; never log it. */
    @Override
    public String getCredentials() {
        return token;
    }

    @Override
    public @Nullable Object getPrincipal() {
        return null;
    }

    public @Nullable String tenant() {
        return tenant;
    }

    public @Nullable String clientIp() {
        return clientIp;
    }

    @Override
    public String getName() {
        return "";
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "BearerTokenAuthenticationRequest[token=<redacted>, tenant=" + tenant + "]";
    }
}
