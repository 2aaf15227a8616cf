package dev.klink.tokens.example.demo;

import java.time.Instant;
import java.util.Locale;

/** A sales order of one tenant, as the demo API returns it. */
public record Order(long id, String number, String tenant, String customer, long totalCents, String currency,
        String status, Instant createdAt) {

    static String numberOf(String tenant, long id) {
        return tenant.toUpperCase(Locale.ROOT) + "-" + (1000 + id);
    }
}
