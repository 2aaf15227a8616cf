package dev.klink.tokens.readme;

/** An order of the snippets' example shop. */
public record Order(String id, String tenantId, String placedBy, String customer) {
}
