package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.TokenRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
// readme:end

/** README "What the application sees": the principal of a token request. */
public final class InYourCode {

    private InYourCode() {
    }

    static void handle(HttpServletRequest request) {
        // readme:begin
        Optional<TokenPrincipal> who = TokenRequests.principal(request);
        TokenPrincipal writer = TokenRequests.requireAbilities(request, AbilityCheck.all("orders:write")); // else 403
        // readme:end
    }
}
