package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.TokenService;
import dev.klink.tokens.servlet.IntrospectionClient;
import dev.klink.tokens.servlet.TokenIntrospectionServlet;
// readme:end

/** README "Other services (introspection)": the introspection servlet for any servlet container. */
final class Introspection {

    private Introspection() {
    }

    static TokenIntrospectionServlet servlet(TokenService tokenService, String sha256HexOfTheSecret) {
        // readme:begin
        TokenIntrospectionServlet introspection = TokenIntrospectionServlet.builder(tokenService)
                .client(IntrospectionClient.withSecretHash("gateway", sha256HexOfTheSecret))   // .boundToTenant("acme")
                .build();
        // readme:end
        return introspection;
    }
}
