package dev.klink.tokens.jdbi;

import dev.klink.tokens.spi.DailyUsage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import static dev.klink.tokens.testing.VerificationResultAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.ExpiryReminders;
import dev.klink.tokens.HmacKey;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenEvent;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.spi.IpAllowlist;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.UsageUpdate;
import dev.klink.tokens.testing.MutableClock;
import dev.klink.tokens.testing.StoredTokens;
import dev.klink.tokens.testing.TokenServiceRaces;
import java.sql.DatabaseMetaData;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What {@link JdbiTokenStore} does beyond the contract suite, run on each database: schema creation and
 * migration, unreadable rows, failures and SQL shape.
 */
abstract class JdbiTokenStoreTestBase {

    private static final Instant START = Instant.parse("2026-05-04T10:15:30.123456Z");

    private final MutableClock clock = MutableClock.at(START);
    private final StoredTokens tokens = StoredTokens.create(clock, new Random(42));
    private TestDatabase database;
    private final List<ListAppender<ILoggingEvent>> appenders = new ArrayList<>();

    /** The database with the given table prefix, or a skipped test. */
    abstract TestDatabase openDatabase(String tablePrefix);

    abstract JdbiDialect expectedDialect();

    /** A prefix of this class's own, so that test classes running at once never share tables. */
    abstract String tablePrefix();

    @BeforeEach
    void openAndDropLeftovers() {
        database = openDatabase(tablePrefix());
        database.dropSchema();
    }

    @AfterEach
    void dropTablesAndDetachLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger(JdbiTokenStore.class);
        appenders.forEach(logger::detachAppender);
        if (database != null) {
            database.dropSchema();
        }
    }

    // ---------------------------------------------------------------- dialect and migration

    @Test
    void dialectWhenDetectedThenMatchesTheDatabase() {
        assertThat(database.store().dialect()).isEqualTo(expectedDialect());
    }

    @Test
    void migrateWhenRunTwiceThenOneVersionRowAndTheStoreWorks() {
        JdbiTokenStore store = database.store(clock);

        store.migrate();
        store.migrate();

        assertThat(versionRows()).containsExactly(Map.entry(1, "klink_tokens"),
                Map.entry(2, "revoked_immediately"), Map.entry(3, "invalidations"), Map.entry(4, "allowed_ips"),
                Map.entry(5, "expiry_reminders"),
                Map.entry(6, "usage_daily"),
                Map.entry(7, "tenant_keyset_index"));
        assertStoreWorks(store);
    }

    @Test
    void migrateWhenTwoStoresRunAtOnceFromSeveralThreadsThenOneSchema() throws Exception {
        for (int round = 0; round < 3; round++) {
            database.dropSchema();
            List<JdbiTokenStore> stores = List.of(database.store(clock), database.store(clock));
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    JdbiTokenStore store = stores.get(i % stores.size());
                    runs.add(pool.submit(() -> {
                        start.await();
                        store.migrate();
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(versionRows()).containsExactly(Map.entry(1, "klink_tokens"),
                    Map.entry(2, "revoked_immediately"), Map.entry(3, "invalidations"), Map.entry(4, "allowed_ips"),
                Map.entry(5, "expiry_reminders"),
                Map.entry(6, "usage_daily"),
                Map.entry(7, "tenant_keyset_index"));
            assertStoreWorks(stores.get(1));
        }
    }

    @Test
    void migrateWhenPrefixConfiguredThenTablesAndIndexesCarryIt() throws Exception {
        database.store().migrate();

        Set<String> indexes = database.jdbi().withHandle(handle -> {
            DatabaseMetaData meta = handle.getConnection().getMetaData();
            String table = expectedDialect() == JdbiDialect.H2 ? database.tablePrefix().toUpperCase(Locale.ROOT)
                    + "TOKENS" : database.tablePrefix() + "tokens";
            Set<String> names = new TreeSet<>();
            try (ResultSet rows = meta.getIndexInfo(null, null, table, false, false)) {
                while (rows.next()) {
                    String name = rows.getString("INDEX_NAME");
                    if (name != null) {
                        names.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
            return names;
        });
        String p = database.tablePrefix();
        assertThat(indexes).contains(p + "tokens_owner_idx", p + "tokens_tenant_idx", p + "tokens_expires_idx",
                p + "tokens_revoked_idx", p + "tokens_tenant_keyset_idx", p + "tokens_owner_keyset_idx");
    }

    @Test
    void migrateRecordsTheClockTimeOfTheMigration() {
        database.store(clock).migrate();

        List<Instant> installedAt = database.jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT installed_at FROM " + database.tablePrefix() + "schema_version")
                .map((row, ctx) -> expectedDialect().readInstant(row, 1))
                .list());
        assertThat(installedAt).hasSize(7).containsOnly(START);
    }

    @Test
    void schemaMigrateWhenBuiltApartFromTheStoreAndRunTwiceThenOneVersionAndTheStoreWorks() {
        JdbiTokenSchema schema = JdbiTokenSchema.builder(database.jdbi()).tablePrefix(database.tablePrefix())
                .clock(clock).build();

        schema.migrate();
        schema.migrate();

        assertThat(schema.dialect()).isEqualTo(expectedDialect());
        assertThat(schema.tokensTable()).isEqualTo(database.tablePrefix() + "tokens");
        assertThat(versionRows()).containsExactly(Map.entry(1, "klink_tokens"),
                Map.entry(2, "revoked_immediately"), Map.entry(3, "invalidations"), Map.entry(4, "allowed_ips"),
                Map.entry(5, "expiry_reminders"),
                Map.entry(6, "usage_daily"),
                Map.entry(7, "tenant_keyset_index"));
        assertStoreWorks(database.store(clock));
    }

    // ---------------------------------------------------------------- values

    @Test
    void migrateWhenVersion1HoldsTokensThenUpgradedInPlaceTokensVerifyAndEarlierRevocationsCountWhateverTheClock() {
        JdbiTokenSchema schema = JdbiTokenSchema.builder(database.jdbi()).tablePrefix(database.tablePrefix())
                .clock(clock).build();
        schema.migrateTo(1);
        // the database's own clock decides which earlier rotations are still in their grace period
        MutableClock wallClock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.MICROS));
        InMemoryTokenStore earlier = new InMemoryTokenStore();
        IssuedToken active;
        IssuedToken revoked;
        IssuedToken inGrace;
        IssuedToken replacement;
        IssuedToken rotatedAtOnce;
        try (TokenService before = TokenService.builder(earlier).clock(wallClock).backgroundUsageFlush(false)
                .build()) {
            active = issueFor(before, "active");
            revoked = issueFor(before, "revoked");
            before.revoke("acme", revoked.info().id(), "admin", "leaked");
            inGrace = issueFor(before, "in grace");
            replacement = before.rotate("acme", inGrace.info().id(), Duration.ofHours(1), "alice");
            rotatedAtOnce = issueFor(before, "rotated at once");
            before.rotate("acme", rotatedAtOnce.info().id(), "alice");
        }
        for (StoredToken token : earlier.listByTenant("acme", PageRequest.first(100)).items()) {
            insertAsVersion1(token);
        }

        schema.migrate();

        assertThat(versionRows()).containsExactly(Map.entry(1, "klink_tokens"),
                Map.entry(2, "revoked_immediately"), Map.entry(3, "invalidations"), Map.entry(4, "allowed_ips"),
                Map.entry(5, "expiry_reminders"),
                Map.entry(6, "usage_daily"),
                Map.entry(7, "tenant_keyset_index"));
        MutableClock lagging = MutableClock.at(wallClock.instant().minusSeconds(10));
        try (TokenService after = TokenService.builder(database.store(lagging)).clock(lagging)
                .backgroundUsageFlush(false).build()) {
            assertThat(after.verify(active.plaintext())).isValid();
            assertThat(after.verify(replacement.plaintext())).isValid();
            assertThat(after.verify(revoked.plaintext())).isFailed(VerificationFailure.REVOKED);
            assertThat(after.verify(rotatedAtOnce.plaintext())).isFailed(VerificationFailure.REVOKED);
            assertThat(after.verify(inGrace.plaintext())).isValid();
            lagging.advance(Duration.ofHours(1).plusSeconds(10));
            assertThat(after.verify(inGrace.plaintext())).isFailed(VerificationFailure.REVOKED);
        }
    }

    @Test
    void migrateWhenEarlierVersionHoldsTokensThenRemindersTableAddedInPlaceTokensVerifyAndRemindersSentOnce() {
        JdbiTokenSchema schema = JdbiTokenSchema.builder(database.jdbi()).tablePrefix(database.tablePrefix())
                .clock(clock).build();
        schema.migrateTo(4); // every version before the reminders
        IssuedToken soon;
        IssuedToken later;
        try (TokenService before = service(database.store(clock))) {
            soon = before.issue(IssueRequest.builder("acme", "alice").name("soon").expiresAfter(Duration.ofDays(3))
                    .build());
            later = issueFor(before, "later");
        }

        schema.migrate();
        schema.migrate();

        assertThat(versionRows()).contains(Map.entry(5, "expiry_reminders"));
        List<TokenEvent> heard = new CopyOnWriteArrayList<>();
        try (TokenService after = TokenService.builder(database.store(clock)).clock(clock).listener(heard::add)
                .backgroundUsageFlush(false).build()) {
            assertThat(after.verify(soon.plaintext())).isValid();
            assertThat(after.verify(later.plaintext())).isValid();
            ExpiryReminders reminders = ExpiryReminders.of(after);
            assertThat(reminders.send()).extracting(event -> event.token().id(), TokenEvent.ExpiringSoon::threshold)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(soon.info().id(), Duration.ofDays(7)));
            assertThat(ExpiryReminders.of(after).send()).as("another node finds it claimed").isEmpty();
            assertThat(heard).filteredOn(TokenEvent.ExpiringSoon.class::isInstance).hasSize(1);
        }
    }

    @Test
    void expiryRemindersWhenTwoNodesShareTheDatabaseThenEachReminderOnceInAll() {
        database.store().migrate();
        MutableClock otherClock = MutableClock.at(START);
        List<String> ids = new ArrayList<>();
        List<TokenEvent.ExpiringSoon> sent = new ArrayList<>();
        try (TokenService one = service(database.store(clock));
                TokenService two = TokenService.builder(database.store(otherClock)).clock(otherClock)
                        .backgroundUsageFlush(false).build()) {
            for (int i = 0; i < 6; i++) {
                ids.add(one.issue(IssueRequest.builder("acme", "owner-" + i).name("token " + i)
                        .expiresAfter(Duration.ofDays(2 + 2L * i)).build()).info().id());
            }
            ExpiryReminders first = ExpiryReminders.of(one);
            ExpiryReminders second = ExpiryReminders.of(two);
            for (int step = 0; step < 14 * 4; step++) {
                clock.advance(Duration.ofHours(6));
                otherClock.advance(Duration.ofHours(6));
                sent.addAll(step % 2 == 0 ? first.send() : second.send());
                sent.addAll(step % 2 == 0 ? second.send() : first.send());
            }
        }

        List<String> expected = new ArrayList<>();
        for (String id : ids) {
            expected.add(id + " " + Duration.ofDays(7));
            expected.add(id + " " + Duration.ofDays(1));
        }
        assertThat(sent).extracting(event -> event.token().id() + " " + event.threshold())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void migrateWhenVersion3HoldsTokensThenUpgradedInPlaceOldTokensVerifyFromAnywhereAndNewOnesKeepTheirAllowlist() {
        JdbiTokenSchema schema = JdbiTokenSchema.builder(database.jdbi()).tablePrefix(database.tablePrefix())
                .clock(clock).build();
        schema.migrateTo(3);
        InMemoryTokenStore earlier = new InMemoryTokenStore();
        IssuedToken active;
        IssuedToken revoked;
        try (TokenService before = TokenService.builder(earlier).clock(clock).backgroundUsageFlush(false).build()) {
            active = issueFor(before, "active");
            revoked = issueFor(before, "revoked");
            before.revoke("acme", revoked.info().id(), "admin", "leaked");
        }
        for (StoredToken token : earlier.listByTenant("acme", PageRequest.first(100)).items()) {
            insertAsVersion1(token);
        }

        schema.migrate();
        schema.migrate();

        assertThat(versionRows()).contains(Map.entry(4, "allowed_ips"));
        JdbiTokenStore store = database.store(clock);
        assertThat(store.findById(active.info().id()).orElseThrow().allowedIps()).isEqualTo(IpAllowlist.any());
        try (TokenService after = TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build()) {
            assertThat(after.verify(active.plaintext(), null, AbilityCheck.none(), "192.0.2.1")).isValid();
            assertThat(after.verify(active.plaintext())).isValid();
            assertThat(after.verify(revoked.plaintext())).isFailed(VerificationFailure.REVOKED);
            IssuedToken limited = after.issue(IssueRequest.builder("acme", "alice").name("limited")
                    .allowedIps("10.0.0.0/8", "2001:db8::/32").build());
            assertThat(after.verify(limited.plaintext(), null, AbilityCheck.none(), "::ffff:10.1.2.3")).isValid();
            assertThat(after.verify(limited.plaintext(), null, AbilityCheck.none(), "192.0.2.1"))
                    .isFailed(VerificationFailure.IP_NOT_ALLOWED);
            assertThat(after.get("acme", limited.info().id()).orElseThrow().allowedIps())
                    .containsExactly("10.0.0.0/8", "2001:db8::/32");
        }
    }

    @Test
    void findWhenAllowedIpsColumnUnreadableThenVerificationFailsClosedAndListingShowsNoAddressAllowed() {
        JdbiTokenStore store = migratedStore();
        StoredToken token = tokens.token().withAllowedIps("10.0.0.0/8").build();
        store.insert(token);
        database.jdbi().useHandle(handle -> handle.createUpdate("UPDATE " + database.tablePrefix() + "tokens"
                + " SET allowed_ips = '[\"10.0.0.0/33\"]' WHERE id = :id").bind("id", token.id()).execute());

        assertThatExceptionOfType(TokenStoreUnavailableException.class).isThrownBy(() -> store.findById(token.id()))
                .withMessageContaining("allowed_ips of token " + token.id());
        StoredToken listed = store.find(token.tenantId(), token.id()).orElseThrow();
        assertThat(listed.allowedIps().ranges()).containsExactly("::/128");
        assertThat(listed.allowedIps().allows("10.0.0.1")).isFalse();
    }

    @Test
    void migrateWhenVersion3HoldsUsedTokensThenUsagePerDayAddedInPlaceAndCounted() {
        JdbiTokenSchema schema = JdbiTokenSchema.builder(database.jdbi()).tablePrefix(database.tablePrefix())
                .clock(clock).build();
        schema.migrateTo(5); // every version before the usage per day
        JdbiTokenStore store = database.store(clock);
        IssuedToken issued;
        try (TokenService before = TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build()) {
            issued = issueFor(before, "used before");
        }

        schema.migrate();

        try (TokenService after = TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build()) {
            assertThat(after.verify(issued.plaintext())).isValid();
            assertThat(after.verify(issued.plaintext())).isValid();
            assertThat(after.flushUsage()).isEqualTo(1);
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            assertThat(store.usageByDay("acme", issued.info().id(), today, today))
                    .containsExactly(new DailyUsage(today, 2));
        }
    }

    private static IssuedToken issueFor(TokenService service, String name) {
        return service.issue(IssueRequest.builder("acme", "alice").name(name).abilities("orders:read")
                .expiresInDays(30).build());
    }

    /** Writes a token as version 1 of the schema held it: without {@code revoked_immediately}. */
    private void insertAsVersion1(StoredToken token) {
        JdbiDialect dialect = expectedDialect();
        database.jdbi().useHandle(handle -> handle.createUpdate("INSERT INTO " + database.tablePrefix() + "tokens"
                        + " (id, prefix, tenant_id, owner_id, name, abilities, hash_scheme, hash, created_at,"
                        + " expires_at, revoked_at, revoked_by, revoke_reason, rotated_from_id, rotated_to_id, metadata)"
                        + " VALUES (:id, :prefix, :tenantId, :ownerId, :name, :abilities, :hashScheme, :hash,"
                        + " :createdAt, :expiresAt, :revokedAt, :revokedBy, :revokeReason, :rotatedFromId,"
                        + " :rotatedToId, '{}')")
                .bind("id", token.id())
                .bind("prefix", token.prefix())
                .bind("tenantId", token.tenantId())
                .bind("ownerId", token.ownerId())
                .bind("name", token.name())
                .bind("abilities", "[\"orders:read\"]")
                .bind("hashScheme", token.hashScheme())
                .bind("hash", token.hash())
                .bind("createdAt", (position, statement, ctx) ->
                        dialect.bindInstant(statement, position, token.createdAt()))
                .bind("expiresAt", (position, statement, ctx) ->
                        dialect.bindInstant(statement, position, token.expiresAt()))
                .bind("revokedAt", (position, statement, ctx) ->
                        dialect.bindInstant(statement, position, token.revokedAt()))
                .bind("revokedBy", token.revokedBy())
                .bind("revokeReason", token.revokeReason())
                .bind("rotatedFromId", token.rotatedFromId())
                .bind("rotatedToId", token.rotatedToId())
                .execute());
    }

    @Test
    void insertWhenInstantsHaveNanosecondsThenStoredCutToMicroseconds() {
        JdbiTokenStore store = migratedStore();
        Instant created = Instant.parse("2026-05-04T10:15:30.123456789Z");
        StoredToken fixture = tokens.token().build();
        StoredToken token = fixture.toBuilder().createdAt(created).expiresAt(created.plus(Duration.ofDays(1)))
                .metadata(Map.of()).build();

        store.insert(token);

        StoredToken read = store.findById(token.id()).orElseThrow();
        assertThat(read.createdAt()).isEqualTo(Instant.parse("2026-05-04T10:15:30.123456Z"));
        assertThat(read.expiresAt()).isEqualTo(Instant.parse("2026-05-05T10:15:30.123456Z"));
    }

    @Test
    void insertStoresAbilitiesAndMetadataAsSortedJsonText() {
        JdbiTokenStore store = migratedStore();
        StoredToken token = tokens.token().withAbilities("orders:write", "billing:read")
                .withMetadata(Map.of("repo", "acme/shop", "ci", "yes")).build();

        store.insert(token);

        Map<String, Object> row = database.jdbi().withHandle(handle -> handle.createQuery("SELECT abilities, metadata"
                        + " FROM " + store.tokensTable() + " WHERE id = :id").bind("id", token.id())
                .mapToMap().one());
        assertThat(row.get("abilities")).isEqualTo("[\"billing:read\",\"orders:write\"]");
        assertThat(row.get("metadata")).isEqualTo("{\"ci\":\"yes\",\"repo\":\"acme/shop\"}");
    }

    @Test
    void deleteInactiveBeforeWhenBacklogExceedsOneBatchThenDeletesAllInStatementsOfAtMostOneBatch() {
        JdbiTokenStore store = migratedStore();
        Instant cutoff = START.minus(Duration.ofDays(1));
        List<StoredToken> pruned = new ArrayList<>();
        for (int i = 0; i < JdbiTokenStore.PRUNE_BATCH_SIZE + 1; i++) {
            pruned.add(tokens.token().withCreatedAt(START.minus(Duration.ofDays(60)))
                    .withExpiresAt(START.minus(Duration.ofDays(30))).build());
        }
        for (int i = 0; i < 3; i++) {
            pruned.add(tokens.token().withRevocation(START.minus(Duration.ofDays(2)), "admin", "leaked").build());
        }
        pruned.forEach(store::insert);
        List<StoredToken> kept = List.of(tokens.token().build(),
                tokens.token().withRevocation(START.minus(Duration.ofHours(1)), "admin", null).build());
        kept.forEach(store::insert);
        LocalDate day = LocalDate.ofInstant(START.minus(Duration.ofDays(40)), ZoneOffset.UTC);
        store.recordUsage(Stream.concat(pruned.stream(), kept.stream())
                .map(t -> new UsageUpdate(t.id(), START.minus(Duration.ofDays(40)), "10.0.0.1",
                        List.of(new DailyUsage(day, 3))))
                .toList());
        String usageTable = database.tablePrefix() + "usage_daily";
        List<String> deletes = new CopyOnWriteArrayList<>();
        Jdbi counting = database.newJdbi();
        counting.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                String sql = context.getRenderedSql();
                if (sql.startsWith("DELETE FROM " + store.tokensTable() + " ")) {
                    deletes.add("tokens");
                } else if (sql.startsWith("DELETE FROM " + usageTable + " ")) {
                    deletes.add("counts");
                }
            }
        });
        JdbiTokenStore countingStore = JdbiTokenStore.builder(counting).tablePrefix(database.tablePrefix()).build();

        int deleted = countingStore.deleteInactiveBefore(cutoff);

        assertThat(deleted).isEqualTo(JdbiTokenStore.PRUNE_BATCH_SIZE + 1 + 3);
        // expired: a full batch, then the one left; revoked: the three; each batch's counts just before its tokens
        assertThat(deletes).containsExactly("counts", "tokens", "counts", "tokens", "counts", "tokens");
        assertThat(store.listByTenant(StoredTokens.DEFAULT_TENANT, PageRequest.first(10)).items())
                .extracting(StoredToken::id).containsExactlyInAnyOrderElementsOf(kept.stream().map(StoredToken::id)
                        .toList());
        List<String> countsLeft = database.jdbi().withHandle(handle -> handle.createQuery("SELECT token_id FROM "
                + usageTable).mapTo(String.class).list());
        assertThat(countsLeft).containsExactlyInAnyOrderElementsOf(kept.stream().map(StoredToken::id).toList());
    }

    @Test
    void recordUsageWritesEveryUpdateInOneBatchedStatement() {
        JdbiTokenStore store = migratedStore();
        List<StoredToken> inserted = List.of(tokens.token().build(), tokens.token().build(), tokens.token().build());
        inserted.forEach(store::insert);
        AtomicInteger updates = new AtomicInteger();
        Jdbi counting = database.newJdbi();
        counting.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                if (context.getRenderedSql().startsWith("UPDATE")) {
                    updates.incrementAndGet();
                }
            }
        });
        JdbiTokenStore countingStore = JdbiTokenStore.builder(counting).tablePrefix(database.tablePrefix()).build();
        Instant at = START.plusSeconds(5);

        countingStore.recordUsage(inserted.stream().map(t -> new UsageUpdate(t.id(), at, "10.0.0.1")).toList());

        assertThat(updates).hasValue(1);
        for (StoredToken token : inserted) {
            StoredToken read = store.findById(token.id()).orElseThrow();
            assertThat(read.lastUsedAt()).isEqualTo(at);
            assertThat(read.lastUsedIp()).isEqualTo("10.0.0.1");
        }
    }

    @Test
    void recordUsageWhenClientIpLongerThanTheColumnThenCutAndStillWritten() {
        JdbiTokenStore store = migratedStore();
        StoredToken token = tokens.token().build();
        store.insert(token);
        String forged = "1".repeat(150);

        store.recordUsage(List.of(new UsageUpdate(token.id(), START.plusSeconds(1), forged)));

        assertThat(store.findById(token.id()).orElseThrow().lastUsedIp()).isEqualTo("1".repeat(100));
    }

    // ---------------------------------------------------------------- unreadable rows

    @Test
    void findByIdWhenAbilitiesCorruptThenStoreUnavailableNamingTheToken() {
        JdbiTokenStore store = migratedStore();
        StoredToken token = tokens.token().build();
        store.insert(token);
        corrupt(store, token.id(), "abilities", "[\"orders:read\"");

        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.findById(token.id()))
                .withMessage("The abilities of token " + token.id() + " in " + store.tokensTable() + " are not valid"
                        + " JSON; the token cannot be verified until the row is repaired or the token is revoked");
    }

    @Test
    void listWhenOneRowHasCorruptAbilitiesThenOthersListedAndItShowsNoAbilitiesWithWarning() {
        JdbiTokenStore store = migratedStore();
        StoredToken older = tokens.token().withOwner("alice").withAbilities("orders:read").build();
        clock.advance(Duration.ofSeconds(1));
        StoredToken damaged = tokens.token().withOwner("alice").withAbilities("orders:write").build();
        clock.advance(Duration.ofSeconds(1));
        StoredToken newer = tokens.token().withOwner("alice").withAbilities("billing:read").build();
        List.of(older, damaged, newer).forEach(store::insert);
        corrupt(store, damaged.id(), "abilities", "{\"orders:write\": true}");
        ListAppender<ILoggingEvent> logged = captureLogs();

        List<StoredToken> listed = store.listByOwner(StoredTokens.DEFAULT_TENANT, "alice", PageRequest.first(10))
                .items();
        List<StoredToken> byTenant = store.listByTenant(StoredTokens.DEFAULT_TENANT, PageRequest.first(10)).items();

        StoredToken damagedAsListed = damaged.toBuilder().abilities(Set.of()).build();
        assertThat(listed).containsExactly(newer, damagedAsListed, older);
        assertThat(byTenant).containsExactly(newer, damagedAsListed, older);
        assertThat(store.find(damaged.tenantId(), damaged.id())).contains(damagedAsListed);
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .contains("The abilities of token " + damaged.id() + " in " + store.tokensTable()
                        + " are not valid JSON; showing the token with none");
    }

    @Test
    void listWhenMetadataCorruptThenTokenListedWithoutMetadata() {
        JdbiTokenStore store = migratedStore();
        StoredToken token = tokens.token().withMetadata(Map.of("ci", "yes")).build();
        store.insert(token);
        corrupt(store, token.id(), "metadata", "[1, 2]");

        List<StoredToken> listed = store.listByTenant(token.tenantId(), PageRequest.first(10)).items();

        assertThat(listed).singleElement().satisfies(read -> {
            assertThat(read.metadata()).isEmpty();
            assertThat(read.abilities()).isEqualTo(token.abilities());
        });
        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.findById(token.id()))
                .withMessageStartingWith("The metadata of token " + token.id());
    }

    @Test
    void verifyWhenAbilitiesCorruptThenStoreUnavailableAndOtherTokensStillValidAndRevocable() {
        JdbiTokenStore store = migratedStore();
        try (TokenService service = service(store)) {
            IssuedToken damaged = service.issue(IssueRequest.builder("acme", "alice").name("damaged")
                    .abilities("orders:read").expiresInDays(30).build());
            IssuedToken intact = service.issue(IssueRequest.builder("acme", "alice").name("intact")
                    .abilities("orders:read").expiresInDays(30).build());
            corrupt(store, damaged.info().id(), "abilities", "not json");

            VerificationResult damagedResult = service.verify(damaged.plaintext(), null,
                    AbilityCheck.all("orders:read"), null);
            VerificationResult intactResult = service.verify(intact.plaintext(), null,
                    AbilityCheck.all("orders:read"), null);

            assertThat(damagedResult).isFailed(VerificationFailure.STORE_UNAVAILABLE);
            assertThat(damagedResult.tokenId()).isEqualTo(damaged.info().id());
            assertThat(intactResult).isValid();
            assertThat(service.listByOwner("acme", "alice", PageRequest.first(10)).items())
                    .extracting(info -> info.name() + ":" + info.abilities())
                    .containsExactlyInAnyOrder("damaged:[]", "intact:[orders:read]");
            assertThat(service.revoke("acme", damaged.info().id(), "alice", "damaged row").revokedAt())
                    .isEqualTo(START);
        }
    }

    // ---------------------------------------------------------------- hashing and limits

    @Test
    void verifyWhenFirstHmacKeyAddedThenSha256TokenValidAndRowRehashedOnFlush() {
        JdbiTokenStore store = migratedStore();
        IssuedToken issued;
        try (TokenService sha256 = service(store)) {
            issued = sha256.issue(IssueRequest.builder("acme", "alice").name("CI").abilities("orders:read")
                    .expiresInDays(30).build());
        }
        TokenHasher hmac = TokenHasher.hmacSha256(HmacKey.of("k1", "klink-test-key-0123456789abcdefg"
                .getBytes(StandardCharsets.US_ASCII)));
        try (TokenService service = TokenService.builder(store).clock(clock).hasher(hmac)
                .backgroundUsageFlush(false).build()) {
            assertThat(service.verify(issued.plaintext())).isValid();
            service.flushUsage();

            StoredToken row = store.findById(issued.info().id()).orElseThrow();
            assertThat(row.hashScheme()).isEqualTo("hmac-sha256:k1");
            assertThat(row.hash()).isEqualTo(hmac.hash(issued.plaintext()));
            assertThat(service.verify(issued.plaintext())).isValid();
        }
    }

    @Test
    void issueWhen20ParallelIssuesForOneOwnerWithLimit5ThenExactly5Succeed() throws Exception {
        JdbiTokenStore store = migratedStore();
        TokenPolicy policy = TokenPolicy.builder().maxActiveTokensPerOwner(5).build();
        try (TokenService service = TokenService.builder(store).clock(clock).policy(policy)
                .backgroundUsageFlush(false).build()) {
            assertThat(TokenServiceRaces.issueConcurrently(service, "alice", 20)).isEqualTo(5);
            assertThat(store.countActiveByOwner("acme", "alice", clock.instant())).isEqualTo(5);
        }
    }

    // ---------------------------------------------------------------- failures

    @Test
    void operationsWhenTablesMissingThenStoreUnavailableWithoutSecrets() {
        JdbiTokenStore store = database.store();
        StoredToken token = tokens.token().build();
        String hashHex = HexFormat.of().formatHex(token.hash());

        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.findById(token.id()))
                .withMessageStartingWith("Token store could not find token " + token.id() + " in "
                        + store.tokensTable() + " (SQLState ");
        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.insert(token))
                .withMessageStartingWith("Token store could not insert token " + token.id() + " in ")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT)).doesNotContain(hashHex);
                    }
                });
        String plaintext = TokenFormat.format(TokenFormat.DEFAULT_PREFIX, token.id(),
                TokenFormat.randomSecret(new Random(7)));
        try (TokenService service = service(store)) {
            VerificationResult result = service.verify(plaintext);
            assertThat(result).isFailed(VerificationFailure.STORE_UNAVAILABLE);
            assertThat(result.tokenId()).isEqualTo(token.id());
        }
    }

    @Test
    void operationsWhenTableMissingThenMessageNamesMigrateAndTheScript() {
        JdbiTokenStore store = database.store();
        StoredToken token = tokens.token().build();
        String hint = ": the table does not exist; create it before using the store with JdbiTokenSchema"
                + ".builder(jdbi).tablePrefix(\"" + database.tablePrefix() + "\").build().migrate() (or "
                + "JdbiTokenStore.migrate()), or run db/klink/" + expectedDialect().scriptDirectory()
                + "/V1__klink_tokens.sql with Flyway after replacing its prefix klink_ with " + database.tablePrefix();

        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.findById(token.id()))
                .withMessageStartingWith("Token store could not find token " + token.id() + " in "
                        + store.tokensTable() + " (SQLState ")
                .withMessageEndingWith(hint);
        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.insert(token))
                .withMessageEndingWith(hint);
        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.listByTenant(token.tenantId(), PageRequest.first(10)))
                .withMessageEndingWith(hint);
    }

    @Test
    void operationsWhenOtherSqlFailureThenNoMigrationHint() {
        JdbiTokenStore store = migratedStore();
        database.jdbi().useHandle(handle -> handle.execute("ALTER TABLE " + store.tokensTable()
                + " DROP COLUMN metadata"));

        assertThatExceptionOfType(TokenStoreUnavailableException.class)
                .isThrownBy(() -> store.findById("any"))
                .withMessageStartingWith("Token store could not find token any in " + store.tokensTable()
                        + " (SQLState ")
                .withMessageNotContaining("migrate");
    }

    // ---------------------------------------------------------------- helpers

    private JdbiTokenStore migratedStore() {
        JdbiTokenStore store = database.store(clock);
        store.migrate();
        return store;
    }

    private TokenService service(JdbiTokenStore store) {
        return TokenService.builder(store).clock(clock).backgroundUsageFlush(false).build();
    }

    private void corrupt(JdbiTokenStore store, String id, String column, String value) {
        int changed = database.jdbi().withHandle(handle -> handle.createUpdate("UPDATE " + store.tokensTable()
                        + " SET " + column + " = :value WHERE id = :id")
                .bind("value", value).bind("id", id).execute());
        assertThat(changed).isOne();
    }

    private List<Map.Entry<Integer, String>> versionRows() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT version, description FROM "
                        + database.tablePrefix() + "schema_version ORDER BY version")
                .map((row, ctx) -> Map.entry(row.getInt("version"), row.getString("description")))
                .list());
    }

    private void assertStoreWorks(JdbiTokenStore store) {
        StoredToken token = tokens.token().build();
        store.insert(token);
        assertThat(store.findById(token.id())).contains(token);
        database.deleteAllTokens();
    }

    private ListAppender<ILoggingEvent> captureLogs() {
        Logger logger = (Logger) LoggerFactory.getLogger(JdbiTokenStore.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        appenders.add(appender);
        return appender;
    }
}
