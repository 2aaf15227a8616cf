package dev.klink.tokens.readme;

/** A user of the example application, who belongs to one tenant. */
public record User(String name, String tenantId) {
}
