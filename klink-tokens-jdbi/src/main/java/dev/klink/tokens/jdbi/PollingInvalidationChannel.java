package dev.klink.tokens.jdbi;

import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.InvalidationChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link InvalidationChannel} over any database the JDBI store supports: {@link #publish} appends a row to the
 * invalidation log table {@code <prefix>invalidations} (created by {@link JdbiTokenSchema#migrate()}, schema version
 * 3), and every node polls the rows appended since its last poll.
 *
 * <pre>{@code
 * InvalidationChannel channel = PollingInvalidationChannel.builder(jdbi).build();
 * TokenStore store = CachingTokenStore.builder(jdbiStore).invalidationChannel(channel).build();
 * }</pre>
 *
 * <h2>Timing</h2>
 * A change reaches the other nodes within one {@link Builder#pollInterval poll interval} (1 s by default) plus a
 * query. Rows older than the {@link Builder#retention retention} (1 min by default) are deleted by the polls. Given to
 * {@link JdbiTokenStore.Builder#invalidationChannel(PollingInvalidationChannel)}, the store writes the row inside the
 * transaction of each change, so the change and its row commit or roll back together; otherwise a cache publishes
 * the row right after the store's change, in its own transaction, and a node that crashes between the two leaves the
 * others to the cache's time to live.
 *
 * <h2>Health</h2>
 * {@link #isConnected()} is {@code false} until the first poll succeeds, after a poll fails, and when no poll has
 * succeeded for {@link Builder#maxSilence} (a poll hanging on a cut network); the first successful poll after a
 * failure tells the listeners to drop everything. Ids appended out of order (a sequence value taken before another
 * but committed after it) are still delivered: a gap in the sequence is re-read until it fills, for at most
 * {@link #GAP_WAIT}.
 *
 * <p>Thread-safe. {@link #close()} stops polling (and the scheduler, when the channel made it).
 */
public final class PollingInvalidationChannel implements InvalidationChannel {

    private static final Logger log = LoggerFactory.getLogger(PollingInvalidationChannel.class);

    /** How long a gap in the log's sequence is waited for before the poller moves past it. */
    static final Duration GAP_WAIT = Duration.ofSeconds(10);

    private final Jdbi jdbi;
    private final JdbiTokenSchema schema;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final Duration maxSilence;
    private final @Nullable ScheduledExecutorService ownScheduler;
    private final ScheduledFuture<?> polling;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    // touched by the polling task only (one at a time: scheduleWithFixedDelay)
    /** Every row up to this sequence number has been delivered; -1 before the first poll. */
    private long delivered = -1;
    /** Rows above {@link #delivered} delivered already, because a lower one has not appeared yet. */
    private final TreeSet<Long> deliveredAbove = new TreeSet<>();
    private @Nullable Instant gapSince;
    private Instant lastPrune = Instant.MIN;
    private boolean everConnected;

    private volatile boolean pollFailed = true;
    private volatile Instant lastSuccess = Instant.MIN;

    private PollingInvalidationChannel(Builder builder) {
        this.jdbi = builder.jdbi;
        this.schema = JdbiTokenSchema.builder(jdbi).tablePrefix(builder.tablePrefix).build();
        this.table = builder.tablePrefix + "invalidations";
        this.clock = builder.clock;
        this.retention = builder.retention;
        this.maxSilence = builder.maxSilence != null ? builder.maxSilence : builder.pollInterval.multipliedBy(3);
        ScheduledExecutorService scheduler = builder.scheduler;
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "klink-invalidation-poller");
                thread.setDaemon(true);
                return thread;
            });
            this.ownScheduler = scheduler;
        } else {
            this.ownScheduler = null;
        }
        long interval = builder.pollInterval.toNanos();
        this.polling = scheduler.scheduleWithFixedDelay(this::poll, 0, interval, TimeUnit.NANOSECONDS);
    }

    /** A builder over {@code jdbi}, the database of the token store; every other setting has a default. */
    public static Builder builder(Jdbi jdbi) {
        return new Builder(jdbi);
    }

    /** The invalidation log table: {@code <prefix>invalidations}. */
    public String table() {
        return table;
    }

    @Override
    public void publish(String tokenId) {
        append(Objects.requireNonNull(tokenId, "tokenId"));
    }

    @Override
    public void publishAll() {
        append(null);
    }

    private void append(@Nullable String tokenId) {
        try {
            jdbi.useHandle(handle -> insert(handle, tokenId));
        } catch (RuntimeException e) {
            throw e instanceof TokenStoreUnavailableException unavailable ? unavailable
                    : SqlFailures.unavailable("announce a change", table, e, schema.missingTableHint());
        }
    }

    /** Appends the row on {@code handle}: seen by the polls once its transaction commits. */
    private void insert(Handle handle, @Nullable String tokenId) {
        JdbiDialect dialect = schema.dialect();
        Instant now = clock.instant();
        handle.createUpdate("INSERT INTO <table> (token_id, created_at) VALUES (:id, :at)")
                .define("table", table)
                .bind("id", tokenId)
                .bind("at", (position, statement, ctx) -> dialect.bindInstant(statement, position, now))
                .execute();
    }

    /** Writes the announcement inside a store's transaction. */
    InvalidationWriter writer() {
        return this::insert;
    }

    @Override
    public void subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public boolean isConnected() {
        return !pollFailed && !clock.instant().isAfter(lastSuccess.plus(maxSilence));
    }

    /** One poll: delivers the rows appended since the last, prunes now and then, and records the outcome. */
    private void poll() {
        try {
            JdbiDialect dialect = schema.dialect();
            jdbi.useHandle(handle -> {
                if (delivered < 0) {
                    delivered = handle.createQuery("SELECT COALESCE(MAX(seq), 0) FROM <table>")
                            .define("table", table).mapTo(Long.class).one();
                } else {
                    deliver(handle);
                }
                prune(handle, dialect);
            });
        } catch (RuntimeException e) {
            if (!pollFailed) {
                log.warn("Cannot poll the invalidation log {}: verification caches fed by it are bypassed until it"
                        + " can again ({})", table, SqlFailures.unavailable("poll", table, e,
                        schema.missingTableHint()).getMessage());
            }
            pollFailed = true;
            return;
        }
        lastSuccess = clock.instant();
        if (pollFailed) {
            pollFailed = false;
            if (everConnected) {
                log.info("Polling the invalidation log {} again; dropping cached tokens", table);
                listeners.forEach(this::invalidateAll);
            }
            everConnected = true;
        }
    }

    private void deliver(Handle handle) {
        List<Row> rows = handle.createQuery("SELECT seq, token_id FROM <table> WHERE seq > :after ORDER BY seq")
                .define("table", table)
                .bind("after", delivered)
                .map((row, ctx) -> new Row(row.getLong(1), row.getString(2)))
                .list();
        for (Row row : rows) {
            if (deliveredAbove.add(row.seq())) {
                for (Listener listener : listeners) {
                    if (row.tokenId() == null) {
                        invalidateAll(listener);
                    } else {
                        invalidate(listener, row.tokenId());
                    }
                }
            }
        }
        while (deliveredAbove.remove(delivered + 1)) {
            delivered++;
        }
        if (deliveredAbove.isEmpty()) {
            gapSince = null;
        } else if (gapSince == null) {
            gapSince = clock.instant();
        } else if (clock.instant().isAfter(gapSince.plus(GAP_WAIT))) {
            delivered = deliveredAbove.last();
            deliveredAbove.clear();
            gapSince = null;
        }
    }

    private void prune(Handle handle, JdbiDialect dialect) {
        Instant now = clock.instant();
        if (now.isBefore(lastPrune.plus(retention.dividedBy(2)))) {
            return;
        }
        Instant cutoff = now.minus(retention);
        handle.createUpdate("DELETE FROM <table> WHERE created_at < :cutoff")
                .define("table", table)
                .bind("cutoff", (position, statement, ctx) -> dialect.bindInstant(statement, position, cutoff))
                .execute();
        lastPrune = now;
    }

    private void invalidate(Listener listener, String tokenId) {
        try {
            listener.invalidate(tokenId);
        } catch (RuntimeException e) {
            log.error("An invalidation listener failed", e);
        }
    }

    private void invalidateAll(Listener listener) {
        try {
            listener.invalidateAll();
        } catch (RuntimeException e) {
            log.error("An invalidation listener failed", e);
        }
    }

    private record Row(long seq, @Nullable String tokenId) {
    }

    /** Stops polling; the scheduler too when the channel made it. */
    @Override
    public void close() {
        polling.cancel(false);
        if (ownScheduler != null) {
            ownScheduler.shutdownNow();
        }
        pollFailed = true;
    }

    @Override
    public String toString() {
        return "PollingInvalidationChannel[table=" + table + ", connected=" + isConnected() + "]";
    }

    /** Settings of a {@link PollingInvalidationChannel}; each setter validates at once. */
    public static final class Builder {

        private final Jdbi jdbi;
        private String tablePrefix = JdbiTokenSchema.DEFAULT_TABLE_PREFIX;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration retention = Duration.ofMinutes(1);
        private @Nullable Duration maxSilence;
        private @Nullable ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();

        private Builder(Jdbi jdbi) {
            this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        }

        /** The prefix of the table names: the token store's ({@code klink_} by default). */
        public Builder tablePrefix(String tablePrefix) {
            JdbiTokenSchema.builder(jdbi).tablePrefix(tablePrefix); // validates it
            this.tablePrefix = tablePrefix;
            return this;
        }

        /** The time between the end of one poll and the start of the next (1 s by default). */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = Durations.positive("pollInterval", pollInterval);
            return this;
        }

        /**
         * How long a row stays in the log (1 min by default). Longer than any gap a node survives without dropping
         * its cache: a node that could not poll drops everything anyway.
         */
        public Builder retention(Duration retention) {
            this.retention = Durations.positive("retention", retention);
            return this;
        }

        /**
         * How long without a successful poll before {@link PollingInvalidationChannel#isConnected()} says
         * {@code false} even though no poll failed, e.g. one hangs (three poll intervals by default).
         */
        public Builder maxSilence(Duration maxSilence) {
            this.maxSilence = Durations.positive("maxSilence", maxSilence);
            return this;
        }

        /** Runs the polls; by default the channel makes a single daemon thread and stops it on close. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Where rows get their time, for pruning and for {@link #maxSilence} (the UTC system clock by default). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The channel, polling from now on. Touches no database before the first poll. */
        public PollingInvalidationChannel build() {
            return new PollingInvalidationChannel(this);
        }
    }
}
