package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.servlet.TokenRequests;
import dev.klink.tokens.spring.RequiresAbilities;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
// readme:end

/** README "Without Spring Security": abilities by annotation. */
@RestController
class AbilityAnnotations {

    private final Orders orders;

    AbilityAnnotations(Orders orders) {
        this.orders = orders;
    }

    // readme:begin
    @GetMapping("/api/orders")
    @RequiresAbilities("orders:read")
    List<Order> list(HttpServletRequest request) {
        TokenPrincipal token = TokenRequests.principal(request).orElseThrow();
        return orders.list(token.tenantId(), token.ownerId());
    }

    @DeleteMapping("/api/orders/{id}")
    @RequiresAbilities(value = {"orders:write", "admin"}, mode = AbilityCheck.Mode.ANY)
    void cancel(@PathVariable String id) {
        orders.cancel(id);
    }
    // readme:end
}
