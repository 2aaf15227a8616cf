package dev.klink.tokens.readme;

// readme:begin
import dev.klink.tokens.spring.RequestOwners;
import dev.klink.tokens.spring.TokenOwner;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
class TenantOrders {

    private final RequestOwners owners;
    private final Orders orders;

    TenantOrders(RequestOwners owners, Orders orders) {
        this.owners = owners;
        this.orders = orders;
    }

    @GetMapping("/t/{tenant}/api/orders")        // hasAuthority("SCOPE_orders:read") in the chain
    List<Order> list(@PathVariable String tenant, HttpServletRequest request) {
        TokenOwner who = owners.resolve(request).filter(owner -> owner.tenantId().equals(tenant))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return orders.list(who.tenantId());
    }
}
// readme:end
