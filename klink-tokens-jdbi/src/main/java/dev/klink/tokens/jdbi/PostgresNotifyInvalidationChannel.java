package dev.klink.tokens.jdbi;

import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.InvalidationChannel;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InvalidationChannel} over PostgreSQL {@code LISTEN/NOTIFY}: {@link #publish} sends a notification on the
 * channel {@code <prefix>invalidations} with the token id as payload ({@value #ALL} for "everything"), and every
 * node receives it on a connection of its own that listens, with no table and no polling.
 *
 * <pre>{@code
 * PostgresNotifyInvalidationChannel channel = PostgresNotifyInvalidationChannel.builder(jdbi).build();
 * JdbiTokenStore jdbiStore = JdbiTokenStore.builder(jdbi).invalidationChannel(channel).build();
 * TokenStore store = CachingTokenStore.builder(jdbiStore).invalidationChannel(channel).build();
 * }</pre>
 *
 * <h2>The listening connection</h2>
 * A daemon thread takes one connection from the {@link Jdbi} (so from its pool, for as long as the channel is open),
 * names it by its {@link Builder#applicationName application name} in {@code pg_stat_activity}, listens, and waits
 * for notifications. Every {@link Builder#heartbeatInterval heartbeat interval} (1 s by default) it checks the
 * connection with a round trip, so that a cut network is noticed even when nothing is sent. When the connection
 * fails it reconnects after an exponential back-off ({@link Builder#initialBackoff} 100 ms, doubled after every
 * failed attempt, capped at {@link Builder#maxBackoff} 5 s), and once listening again tells the listeners to drop
 * everything: notifications sent in between are lost.
 *
 * <h2>Health</h2>
 * {@link #isConnected()} is {@code false} until the first {@code LISTEN} succeeds, from the moment the connection
 * fails until it listens again, and when no heartbeat has succeeded for {@link Builder#maxSilence} (three heartbeat
 * intervals by default).
 *
 * <h2>In the transaction of the change</h2>
 * PostgreSQL delivers a notification when the transaction that sent it commits, and never when it rolls back. Given
 * to {@link JdbiTokenStore.Builder#invalidationChannel(PostgresNotifyInvalidationChannel)}, the store sends the
 * notification inside the transaction of each change, so an announcement is never lost to a crash after the commit
 * and never sent for a change that rolled back.
 *
 * <p>Thread-safe. {@link #close()} stops the thread and closes its connection. Payloads are token ids, never
 * secrets.
 */
public final class PostgresNotifyInvalidationChannel implements InvalidationChannel {

    /** The payload meaning "anything may have changed". Token ids are base62, so it is never an id. */
    public static final String ALL = "*";

    /** The application name of the listening connection unless configured otherwise. */
    public static final String DEFAULT_APPLICATION_NAME = "klink-invalidation-listener";

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifyInvalidationChannel.class);
    /** The longest the thread waits for a notification before it looks at the heartbeat and at close(). */
    private static final int RECEIVE_WAIT_MILLIS = 200;
    private static final Pattern APPLICATION_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,63}");

    private final Jdbi jdbi;
    private final String channelName;
    private final String applicationName;
    private final Backoff backoff;
    private final long heartbeatNanos;
    private final long maxSilenceNanos;
    private final Sleeper sleeper;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private volatile boolean closed;
    private volatile boolean listening;
    private volatile long lastAlive;
    private volatile int backendPid;

    private PostgresNotifyInvalidationChannel(Builder builder) {
        this.jdbi = builder.jdbi;
        this.channelName = builder.tablePrefix + "invalidations";
        this.applicationName = builder.applicationName;
        this.backoff = new Backoff(builder.initialBackoff, builder.maxBackoff);
        this.heartbeatNanos = builder.heartbeatInterval.toNanos();
        this.maxSilenceNanos = (builder.maxSilence != null ? builder.maxSilence
                : builder.heartbeatInterval.multipliedBy(3)).toNanos();
        this.sleeper = builder.sleeper;
        this.thread = new Thread(this::run, "klink-invalidation-listener");
        thread.setDaemon(true);
        thread.start();
    }

    /** A builder over {@code jdbi}, the token store's PostgreSQL database; every other setting has a default. */
    public static Builder builder(Jdbi jdbi) {
        return new Builder(jdbi);
    }

    /** The name of the notification channel: {@code <prefix>invalidations}. */
    public String channelName() {
        return channelName;
    }

    /** The application name of the listening connection, as {@code pg_stat_activity} shows it. */
    public String applicationName() {
        return applicationName;
    }

    @Override
    public void publish(String tokenId) {
        send(Objects.requireNonNull(tokenId, "tokenId"));
    }

    @Override
    public void publishAll() {
        send(null);
    }

    private void send(@Nullable String tokenId) {
        try {
            jdbi.useHandle(handle -> notify(handle, tokenId));
        } catch (RuntimeException e) {
            throw e instanceof TokenStoreUnavailableException unavailable ? unavailable
                    : SqlFailures.unavailable("announce a change", "channel " + channelName, e,
                            "the database must be PostgreSQL");
        }
    }

    /** Sends the notification on {@code handle}: delivered when its transaction commits. */
    private void notify(Handle handle, @Nullable String tokenId) {
        handle.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", channelName)
                .bind("payload", tokenId == null ? ALL : tokenId)
                .map((row, ctx) -> Boolean.TRUE)
                .one();
    }

    /** Writes the announcement inside a store's transaction. */
    InvalidationWriter writer() {
        return this::notify;
    }

    @Override
    public void subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public boolean isConnected() {
        return listening && System.nanoTime() - lastAlive <= maxSilenceNanos;
    }

    /** The process id of the listening connection's server backend, or -1 while there is none. */
    int backendPid() {
        return listening ? backendPid : -1;
    }

    /** The listening thread: connects, listens and receives until closed, reconnecting after a back-off. */
    private void run() {
        int failures = 0;
        boolean everListened = false;
        while (!closed) {
            try (Handle handle = jdbi.open()) {
                Connection connection = handle.getConnection();
                PGConnection pg = connection.unwrap(PGConnection.class);
                listen(handle, connection);
                backendPid = pg.getBackendPID();
                if (everListened) {
                    // whatever was sent while no connection listened is lost: drop everything, then trust again
                    log.info("Listening on {} again; dropping cached tokens", channelName);
                    listeners.forEach(this::invalidateAll);
                }
                everListened = true;
                failures = 0;
                lastAlive = System.nanoTime();
                listening = true;
                receive(handle, connection, pg);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (closed) {
                    break;
                }
                failures++;
                Duration delay = backoff.delayAfter(failures);
                if (failures == 1) {
                    log.warn("Cannot listen on {}: verification caches fed by it are bypassed until it can again"
                            + " (retrying in {} ms): {}", channelName, delay.toMillis(), describe(e));
                } else {
                    log.debug("Listening on {} failed again (attempt {}, retrying in {} ms): {}", channelName,
                            failures, delay.toMillis(), describe(e));
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    if (closed) {
                        break;
                    }
                }
            }
        }
        listening = false;
    }

    private void listen(Handle handle, Connection connection) throws SQLException {
        connection.setAutoCommit(true); // LISTEN takes effect at commit
        handle.createQuery("SELECT set_config('application_name', :name, false)")
                .bind("name", applicationName)
                .mapTo(String.class)
                .one();
        handle.execute("LISTEN " + channelName); // a validated identifier: lower case letters, digits, _
    }

    /** Delivers notifications until closed; throws when the connection fails. */
    private void receive(Handle handle, Connection connection, PGConnection pg) throws SQLException {
        long lastHeartbeat = System.nanoTime();
        while (!closed) {
            PGNotification[] notifications = pg.getNotifications(RECEIVE_WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                lastAlive = System.nanoTime();
                for (PGNotification notification : notifications) {
                    deliver(notification.getParameter());
                }
            }
            if (System.nanoTime() - lastHeartbeat >= heartbeatNanos) {
                int timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxSilenceNanos / 1_000_000_000L));
                if (!connection.isValid(timeoutSeconds)) {
                    throw new SQLException("the listening connection failed its heartbeat", "08006");
                }
                lastHeartbeat = System.nanoTime();
                lastAlive = lastHeartbeat;
            }
        }
        listening = false;
        // back to the pool without the subscription and the name
        handle.execute("UNLISTEN " + channelName);
        handle.execute("RESET application_name");
    }

    private void deliver(String payload) {
        for (Listener listener : listeners) {
            if (ALL.equals(payload)) {
                invalidateAll(listener);
            } else {
                try {
                    listener.invalidate(payload);
                } catch (RuntimeException e) {
                    log.error("An invalidation listener failed", e);
                }
            }
        }
    }

    private void invalidateAll(Listener listener) {
        try {
            listener.invalidateAll();
        } catch (RuntimeException e) {
            log.error("An invalidation listener failed", e);
        }
    }

    private static String describe(Exception e) {
        SQLException sql = SqlFailures.sqlCause(e);
        return sql == null ? e.getClass().getSimpleName()
                : "SQLState " + sql.getSQLState() + ", error " + sql.getErrorCode();
    }

    /** Stops the listening thread, which closes its connection; waits for it a little. A no-op when closed. */
    @Override
    public void close() {
        closed = true;
        listening = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the listening thread has ended (after {@link #close()}). */
    boolean stopped() {
        return !thread.isAlive();
    }

    @Override
    public String toString() {
        return "PostgresNotifyInvalidationChannel[channel=" + channelName + ", connected=" + isConnected() + "]";
    }

    /** Waits between reconnection attempts; a seam for tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Settings of a {@link PostgresNotifyInvalidationChannel}; each setter validates at once. */
    public static final class Builder {

        private final Jdbi jdbi;
        private String tablePrefix = JdbiTokenSchema.DEFAULT_TABLE_PREFIX;
        private String applicationName = DEFAULT_APPLICATION_NAME;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private @Nullable Duration maxSilence;
        private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        private Builder(Jdbi jdbi) {
            this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        }

        /**
         * The prefix of the token store's table names ({@code klink_} by default); the channel is named
         * {@code <prefix>invalidations}, so stores with different prefixes never hear each other.
         */
        public Builder tablePrefix(String tablePrefix) {
            JdbiTokenSchema.builder(jdbi).tablePrefix(tablePrefix); // validates it
            this.tablePrefix = tablePrefix;
            return this;
        }

        /**
         * The application name of the listening connection ({@value PostgresNotifyInvalidationChannel#DEFAULT_APPLICATION_NAME} by default), to find
         * it in {@code pg_stat_activity}: 1 to 63 letters, digits, {@code _ . : -}.
         */
        public Builder applicationName(String applicationName) {
            Objects.requireNonNull(applicationName, "applicationName");
            if (!APPLICATION_NAME.matcher(applicationName).matches()) {
                throw new IllegalArgumentException("applicationName must be 1 to 63 letters, digits, _ . : or -,"
                        + " was \"" + applicationName + "\"");
            }
            this.applicationName = applicationName;
            return this;
        }

        /** The delay before the first reconnection attempt after a failure (100 ms by default). */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Durations.positive("initialBackoff", initialBackoff);
            return this;
        }

        /** The longest delay between reconnection attempts (5 s by default), at least {@link #initialBackoff}. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Durations.positive("maxBackoff", maxBackoff);
            return this;
        }

        /** How often the listening connection is checked with a round trip (1 s by default). */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = Durations.positive("heartbeatInterval", heartbeatInterval);
            return this;
        }

        /**
         * How long without a successful heartbeat before {@link PostgresNotifyInvalidationChannel#isConnected()}
         * says {@code false} (three heartbeat intervals by default).
         */
        public Builder maxSilence(Duration maxSilence) {
            this.maxSilence = Durations.positive("maxSilence", maxSilence);
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The channel, connecting and listening from now on in a daemon thread. */
        public PostgresNotifyInvalidationChannel build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must be at least initialBackoff (" + initialBackoff
                        + "), was " + maxBackoff);
            }
            return new PostgresNotifyInvalidationChannel(this);
        }
    }
}
