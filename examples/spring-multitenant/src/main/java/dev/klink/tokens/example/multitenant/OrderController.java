package dev.klink.tokens.example.multitenant;

import dev.klink.tokens.TokenPrincipal;
import dev.klink.tokens.spring.RequestOwners;
import dev.klink.tokens.spring.TokenOwner;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Orders of a tenant, for its scripts (a token of that tenant) and its signed-in users alike: {@link RequestOwners}
 * names the tenant and owner whichever way the request was authenticated.
 */
@RestController
class OrderController {

    /** What a client sends to place an order. */
    record NewOrder(String customer, long totalCents) {
    }

    /** Who the request is, and through which token ({@code null} for a session user). */
    record Me(String tenant, String owner, @Nullable String token) {
    }

    private final RequestOwners owners;
    private final Map<String, List<Order>> orders = new ConcurrentHashMap<>();

    OrderController(RequestOwners owners) {
        this.owners = owners;
    }

    @GetMapping("/t/{tenant}/api/orders")
    List<Order> list(@PathVariable String tenant, HttpServletRequest request) {
        ownerIn(tenant, request);
        return List.copyOf(orders.getOrDefault(tenant, List.of()));
    }

    @PostMapping("/t/{tenant}/api/orders")
    @ResponseStatus(HttpStatus.CREATED)
    Order place(@PathVariable String tenant, @RequestBody NewOrder order, HttpServletRequest request) {
        TokenOwner who = ownerIn(tenant, request);
        Order placed = new Order(tenant, order.customer(), order.totalCents(), who.ownerId());
        orders.computeIfAbsent(tenant, key -> new CopyOnWriteArrayList<>()).add(placed);
        return placed;
    }

    @GetMapping("/t/{tenant}/api/me")
    Me me(@PathVariable String tenant, HttpServletRequest request,
            @AuthenticationPrincipal @Nullable TokenPrincipal token) {
        TokenOwner who = ownerIn(tenant, request);
        return new Me(who.tenantId(), who.ownerId(), token == null ? null : token.tokenName());
    }

    /**
     * The request's owner, who must belong to {@code tenant}. A token of another tenant never gets here (the
     * {@code TenantResolver} refused it); a signed-in user of another tenant gets 404, as for a tenant that does not
     * exist.
     */
    private TokenOwner ownerIn(String tenant, HttpServletRequest request) {
        return owners.resolve(request).filter(who -> who.tenantId().equals(tenant))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
