package dev.klink.tokens.example.multitenant;

/** An order of one tenant, placed by one of its users or scripts. */
public record Order(String tenant, String customer, long totalCents, String placedBy) {
}
