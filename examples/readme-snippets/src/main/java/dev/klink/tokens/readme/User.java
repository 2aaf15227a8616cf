package dev.klink.tokens.readme;

/** A user of the example application, who belongs to one tenant and may be its admin. */
public record User(String name, String tenantId, boolean admin) {
}
