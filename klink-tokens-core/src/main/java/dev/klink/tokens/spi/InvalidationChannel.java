package dev.klink.tokens.spi;

/**
 * Tells the other nodes of a cluster that tokens changed, so that each can evict what it caches of them.
 *
 * <p>A node publishes the id of every token it changed (or {@link #publishAll()} when it changed more tokens than it
 * names, such as a revocation of all tokens of an owner); every node that {@link #subscribe subscribed} receives it
 * through its {@link Listener}, the publisher included. A channel may deliver an id more than once; it never drops
 * one silently: when it cannot tell whether it missed something (its connection broke, it could not poll) it
 * reports {@link #isConnected()} {@code false} until it can again, and then calls {@link Listener#invalidateAll()}
 * once, because anything may have changed in between.
 *
 * <p>Implementations are thread-safe.
 */
public interface InvalidationChannel extends AutoCloseable {

    /**
     * Tells every subscribed node that the token {@code tokenId} changed.
     *
     * @throws dev.klink.tokens.TokenStoreUnavailableException when the message cannot be sent
     */
    void publish(String tokenId);

    /**
     * Tells every subscribed node to drop everything it caches.
     *
     * @throws dev.klink.tokens.TokenStoreUnavailableException when the message cannot be sent
     */
    void publishAll();

    /** Delivers what any node publishes from now on to {@code listener}, on a thread of the channel. */
    void subscribe(Listener listener);

    /**
     * Whether messages are being received now. While {@code false}, a cache fed by this channel must not be
     * trusted: something may have changed unannounced.
     */
    boolean isConnected();

    /** Stops receiving and releases the channel's resources; a no-op when closed already. */
    @Override
    void close();

    /** What a subscriber does with a message. Called on a thread of the channel; must not block long. */
    interface Listener {

        /** The token {@code tokenId} changed. */
        void invalidate(String tokenId);

        /** Anything may have changed. */
        void invalidateAll();
    }
}
