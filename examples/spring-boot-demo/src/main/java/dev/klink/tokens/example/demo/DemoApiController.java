package dev.klink.tokens.example.demo;

import dev.klink.tokens.TokenPrincipal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo API that tokens unlock. Which ability each endpoint needs is set in {@link SecurityConfig}; here every
 * query is scoped to the token's tenant.
 */
@RestController
@RequestMapping("/api/v1")
class DemoApiController {

    private static final int MAX_CUSTOMER_LENGTH = 100;
    private static final long MAX_TOTAL_CENTS = 100_000_000_00L;

    /** Who the token speaks for. */
    record Me(String tenant, String owner, String tokenId, String tokenName, Set<String> abilities,
            @Nullable Instant expiresAt) {
    }

    /** The body of {@code POST /api/v1/orders}. */
    record NewOrder(@Nullable String customer, @Nullable Long totalCents) {
    }

    private final OrderRepository orders;

    DemoApiController(OrderRepository orders) {
        this.orders = orders;
    }

    @GetMapping("/me")
    Me me(@AuthenticationPrincipal TokenPrincipal token) {
        return new Me(token.tenantId(), token.ownerId(), token.tokenId(), token.tokenName(),
                new TreeSet<>(token.abilities()), token.expiresAt());
    }

    @GetMapping("/orders")
    List<Order> list(@AuthenticationPrincipal TokenPrincipal token) {
        return orders.findByTenant(token.tenantId());
    }

    @GetMapping("/orders/{number}")
    ResponseEntity<?> get(@AuthenticationPrincipal TokenPrincipal token, @PathVariable String number) {
        // another tenant's order looks exactly like a missing one
        return orders.findByTenant(token.tenantId()).stream()
                .filter(order -> order.number().equals(number))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .findFirst()
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No order " + number));
    }

    @PostMapping("/orders")
    ResponseEntity<?> create(@AuthenticationPrincipal TokenPrincipal token, @RequestBody NewOrder body) {
        String customer = body.customer() == null ? "" : body.customer().strip();
        if (customer.isEmpty() || customer.length() > MAX_CUSTOMER_LENGTH) {
            return problem(HttpStatus.BAD_REQUEST, "customer must be 1 to " + MAX_CUSTOMER_LENGTH + " characters");
        }
        Long total = body.totalCents();
        if (total == null || total < 1 || total > MAX_TOTAL_CENTS) {
            return problem(HttpStatus.BAD_REQUEST, "totalCents must be between 1 and " + MAX_TOTAL_CENTS);
        }
        Order order = orders.create(token.tenantId(), customer, total);
        return ResponseEntity.created(URI.create("/api/v1/orders/" + order.number())).body(order);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
