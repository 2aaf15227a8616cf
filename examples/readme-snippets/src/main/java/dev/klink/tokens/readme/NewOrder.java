package dev.klink.tokens.readme;

/** The body of a request placing an order. */
public record NewOrder(String customer) {
}
