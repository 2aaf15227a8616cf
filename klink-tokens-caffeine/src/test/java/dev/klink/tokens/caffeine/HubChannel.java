package dev.klink.tokens.caffeine;

import dev.klink.tokens.spi.InvalidationChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * An invalidation channel for tests: it delivers every message at once, in the publishing thread, to every channel
 * of its {@link Hub}. A test disconnects one (what reaches it then is lost, as over a broken connection) and
 * reconnects it.
 */
final class HubChannel implements InvalidationChannel {

    /** The channels that hear one another. */
    static final class Hub {
        private final List<HubChannel> channels = new CopyOnWriteArrayList<>();
    }

    private final Hub hub;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    volatile boolean connected = true;

    HubChannel(Hub hub) {
        this.hub = hub;
        hub.channels.add(this);
    }

    @Override
    public void publish(String tokenId) {
        hub.channels.forEach(channel -> channel.receive(tokenId));
    }

    @Override
    public void publishAll() {
        hub.channels.forEach(channel -> channel.receive(null));
    }

    private void receive(@Nullable String tokenId) {
        if (!connected) {
            return;
        }
        for (Listener listener : listeners) {
            if (tokenId == null) {
                listener.invalidateAll();
            } else {
                listener.invalidate(tokenId);
            }
        }
    }

    /** Connected again; tells the listeners to drop everything, as the contract asks. */
    void reconnected() {
        connected = true;
        listeners.forEach(Listener::invalidateAll);
    }

    @Override
    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void close() {
        hub.channels.remove(this);
    }
}
