package dev.klink.tokens;

/**
 * Receives {@link TokenEvent}s synchronously on the thread that caused them. Keep it quick; an exception it throws
 * is logged and does not affect the operation.
 */
@FunctionalInterface
public interface TokenEventListener {

    void onEvent(TokenEvent event);
}
