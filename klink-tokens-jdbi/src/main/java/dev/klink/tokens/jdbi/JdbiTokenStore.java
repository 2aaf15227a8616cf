package dev.klink.tokens.jdbi;

import dev.klink.tokens.DuplicateTokenIdException;
import dev.klink.tokens.page.KeysetCursor;
import dev.klink.tokens.page.KeysetPage;
import dev.klink.tokens.page.KeysetRequest;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.InvalidationChannel;
import dev.klink.tokens.spi.DailyUsage;
import dev.klink.tokens.spi.IpAllowlist;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenFilter;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link TokenStore} in one SQL table over JDBI, for H2, PostgreSQL and MySQL/MariaDB.
 *
 * <pre>{@code
 * Jdbi jdbi = Jdbi.create(dataSource);
 * JdbiTokenSchema.builder(jdbi).tablePrefix("klink_").build().migrate(); // or Flyway: db/klink/<dialect>
 * JdbiTokenStore store = JdbiTokenStore.builder(jdbi).tablePrefix("klink_").build();
 * TokenService tokens = TokenService.builder(store).build();
 * }</pre>
 *
 * <h2>Schema</h2>
 * One row per token in {@code <prefix>tokens}, abilities and metadata as JSON text in the row, so a verification is
 * one primary-key read. The scripts {@code db/klink/<h2|postgresql|mysql>/V1__klink_tokens.sql} on the classpath
 * create it with the default prefix {@code klink_} and can be run by Flyway as they are
 * ({@link JdbiDialect#flywayLocation()}). With another prefix, either copy the script into your own migrations with
 * {@code klink_} replaced (or turned into a Flyway placeholder), or let {@link JdbiTokenSchema#migrate()} run the
 * same scripts with the configured prefix ({@link #migrate()} is a shortcut to it). A store used before its table
 * exists throws {@link TokenStoreUnavailableException} saying so and naming the script.
 *
 * <h2>Failures</h2>
 * Every SQL or connection failure is thrown as {@link TokenStoreUnavailableException} (the message names the
 * operation and the SQLState, never a hash), so a verification reports {@code STORE_UNAVAILABLE}, never
 * {@code NOT_FOUND}. Inserting an id that exists throws {@link DuplicateTokenIdException}, detected from the
 * database's unique-key violation.
 *
 * <h2>Unreadable rows</h2>
 * When the abilities, metadata or allowed_ips column of a row is not the JSON this store writes (hand-edited,
 * truncated):
 * <ul>
 *   <li>{@link #findById} (the read of a verification) throws {@link TokenStoreUnavailableException} naming the
 *       token and the column: the token fails closed, it never verifies with abilities nobody can read;</li>
 *   <li>{@link #find}, the listings and {@link #findExpiring} return the token with empty abilities (or empty
 *       metadata, or an IP allowlist of only {@code ::/128}, which no client matches) and log a WARN naming the
 *       token id and the column, so every other token is listed as usual and the owner can still see and revoke
 *       the damaged one.</li>
 * </ul>
 *
 * <p>Thread-safe. Connections come from the {@link Jdbi} given (use a pool in production); a store whose database
 * is down recovers by itself once connections succeed again.
 */
public final class JdbiTokenStore implements TokenStore {

    /** How often an insert rolled back as a deadlock is tried before it is reported. */
    private static final int INSERT_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(JdbiTokenStore.class);

    /** The prefix of the table names unless configured otherwise. */
    public static final String DEFAULT_TABLE_PREFIX = JdbiTokenSchema.DEFAULT_TABLE_PREFIX;

    private static final int MAX_IP_LENGTH = 100;
    /** The most rows one statement of {@link #deleteInactiveBefore} deletes. */
    static final int PRUNE_BATCH_SIZE = 1000;

    /**
     * What a listing shows for an {@code allowed_ips} column that cannot be read: only the unspecified address
     * {@code ::}, which no client has, so the token stays closed (a rotation keeps it closed) rather than open.
     */
    private static final IpAllowlist UNREADABLE_ALLOWED_IPS = IpAllowlist.of(List.of("::/128"));
    /** Striped locks of owners' limits on H2: bounded, and owners rarely share one. */
    private static final Object[] H2_OWNER_LOCKS = new Object[64];
    /** Writes of counts per day on H2 take turns on this (see {@link #recordUsage}). */
    private static final Object H2_USAGE_LOCK = new Object();

    static {
        Arrays.setAll(H2_OWNER_LOCKS, i -> new Object());
    }

    private static final String COLUMNS = "id, prefix, tenant_id, owner_id, name, abilities, hash_scheme, hash, "
            + "created_at, expires_at, revoked_at, revoked_by, revoke_reason, last_used_at, last_used_ip, "
            + "rotated_from_id, rotated_to_id, metadata, revoked_immediately, allowed_ips";
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC";
    /** Neither revoked immediately nor revoked by a scheduled revocation at or before {@code :at}. */
    private static final String REVOCABLE = " AND revoked_immediately = FALSE"
            + " AND (revoked_at IS NULL OR revoked_at > :at)";
    /** Neither revoked immediately nor by a scheduled revocation at or before {@code :now}. */
    private static final String NOT_REVOKED_AT_NOW = "revoked_immediately = FALSE"
            + " AND (revoked_at IS NULL OR revoked_at > :now)";
    private static final String SET_REVOKED = " SET revoked_at = :at, revoked_by = :actor, revoke_reason = :reason,"
            + " revoked_immediately = :immediate";

    /** The statements on the tokens table, built once per store rather than on every call. */
    private static final class TokenSql {
        final String insert;
        final String selectAll;
        final String findById;
        final String find;
        final String countByOwner;
        final String pageByOwner;
        final String countByTenant;
        final String pageByTenant;
        final String countActiveByOwner;
        final String findExpiring;
        final String revokeById;
        final String revokeByOwner;
        final String revokeByTenant;
        final String linkRotation;
        final String recordUsage;
        final String updateHash;
        /** One batch of pruning: tokens expired, then tokens revoked, before {@code :cutoff}. */
        final List<PruneBatch> pruneBatches;

        TokenSql(String table) {
            String select = "SELECT " + COLUMNS + " FROM " + table;
            selectAll = select;
            String revoke = "UPDATE " + table + SET_REVOKED;
            insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (:id, :prefix, :tenantId, :ownerId, :name, "
                    + ":abilities, :hashScheme, :hash, :createdAt, :expiresAt, :revokedAt, :revokedBy, :revokeReason, "
                    + ":lastUsedAt, :lastUsedIp, :rotatedFromId, :rotatedToId, :metadata, :revokedImmediately, "
                    + ":allowedIps)";
            // the fast path of every verification: a plain JDBC statement, hence the positional parameter
            findById = select + " WHERE id = ?";
            find = select + " WHERE id = :id AND tenant_id = :tenantId";
            countByOwner = "SELECT COUNT(*) FROM " + table + " WHERE tenant_id = :tenantId AND owner_id = :ownerId";
            pageByOwner = select + " WHERE tenant_id = :tenantId AND owner_id = :ownerId" + NEWEST_FIRST
                    + " LIMIT :limit OFFSET :offset";
            countByTenant = "SELECT COUNT(*) FROM " + table + " WHERE tenant_id = :tenantId";
            pageByTenant = select + " WHERE tenant_id = :tenantId" + NEWEST_FIRST + " LIMIT :limit OFFSET :offset";
            countActiveByOwner = countByOwner + REVOCABLE + " AND (expires_at IS NULL OR expires_at > :at)";
            findExpiring = select + " WHERE expires_at > :from AND expires_at <= :until"
                    + " AND revoked_immediately = FALSE AND (revoked_at IS NULL OR revoked_at > :from)"
                    + " ORDER BY expires_at, id";
            revokeById = revoke + " WHERE tenant_id = :tenantId AND id = :id" + REVOCABLE;
            revokeByOwner = revoke + " WHERE tenant_id = :tenantId AND owner_id = :ownerId" + REVOCABLE;
            revokeByTenant = revoke + " WHERE tenant_id = :tenantId" + REVOCABLE;
            linkRotation = "UPDATE " + table + " SET rotated_to_id = :newId WHERE tenant_id = :tenantId AND id = :id"
                    + " AND rotated_to_id IS NULL AND revoked_at IS NULL";
            recordUsage = "UPDATE " + table + " SET last_used_at = :at, last_used_ip = :ip WHERE id = :id"
                    + " AND (last_used_at IS NULL OR last_used_at < :at)";
            updateHash = "UPDATE " + table + " SET hash_scheme = :hashScheme, hash = :hash WHERE id = :id";
            // one column per batch, so that finding a batch is a range scan of that column's index
            pruneBatches = List.of(PruneBatch.of(table, "expires_at"), PruneBatch.of(table, "revoked_at"));
        }
    }

    /**
     * Finds up to {@code :limit} ids whose {@code column} lies before {@code :cutoff} (a plain read, which locks
     * nothing), then deletes those rows by primary key, checking the column again: only the rows deleted are locked.
     */
    private record PruneBatch(String select, String delete) {
        static PruneBatch of(String table, String column) {
            return new PruneBatch("SELECT id FROM " + table + " WHERE " + column + " < :cutoff LIMIT :limit",
                    "DELETE FROM " + table + " WHERE id IN (<ids>) AND " + column + " < :cutoff");
        }
    }

    /** One batch's outcome: how many ids it found, how many tokens it deleted. */
    private record Pruned(int found, int deleted) {
    }

    /** The statements on the counts per day, in {@code <prefix>usage_daily}. */
    private static final class UsageSql {
        final String table;
        final String tokenRow;
        final String usageByDay;
        final String deleteBefore;
        final String deleteOfTokens;

        UsageSql(String tokensTable, String table) {
            this.table = table;
            // selecting from the tokens table skips unknown ids, as the last-used update does
            tokenRow = " FROM " + tokensTable + " WHERE id = :id";
            usageByDay = "SELECT u.usage_day, u.use_count FROM " + table + " u JOIN " + tokensTable
                    + " t ON t.id = u.token_id WHERE t.tenant_id = :tenantId AND u.token_id = :id"
                    + " AND u.usage_day >= :from AND u.usage_day <= :to ORDER BY u.usage_day";
            deleteBefore = "DELETE FROM " + table + " WHERE usage_day < :day";
            deleteOfTokens = "DELETE FROM " + table + " WHERE token_id IN (<ids>)";
        }

        /** Adds a count to a token's day: an upsert that sums, never overwrites. */
        String add(JdbiDialect dialect) {
            return switch (dialect) {
                case POSTGRESQL -> "INSERT INTO " + table + " (token_id, usage_day, use_count)"
                        + " SELECT id, CAST(:day AS date), CAST(:count AS bigint)" + tokenRow
                        + " ON CONFLICT (token_id, usage_day) DO UPDATE SET use_count = " + table
                        + ".use_count + EXCLUDED.use_count";
                case MYSQL -> "INSERT INTO " + table + " (token_id, usage_day, use_count)"
                        + " SELECT id, :day, :count" + tokenRow
                        + " ON DUPLICATE KEY UPDATE use_count = use_count + :count";
                case H2 -> "MERGE INTO " + table + " u USING (SELECT id, CAST(:day AS DATE) AS d,"
                        + " CAST(:count AS BIGINT) AS n" + tokenRow + ") s ON (u.token_id = s.id AND u.usage_day = s.d)"
                        + " WHEN MATCHED THEN UPDATE SET use_count = u.use_count + s.n"
                        + " WHEN NOT MATCHED THEN INSERT (token_id, usage_day, use_count) VALUES (s.id, s.d, s.n)";
            };
        }
    }

    private final Jdbi jdbi;
    private final JdbiTokenSchema schema;
    private final String tokensTable;
    /** Expiry reminder claims: {@code <prefix>reminders}. */
    private final String remindersTable;
    private final TokenSql tokenSql;
    private final UsageSql usageSql;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Parsed abilities and metadata by their JSON text: few distinct values, parsed on every read otherwise. */
    private final JsonColumnCache<Set<String>> parsedAbilities = new JsonColumnCache<>(this::parseAbilities);
    private final JsonColumnCache<Map<String, String>> parsedMetadata = new JsonColumnCache<>(this::parseMetadata);
    /** Parsed IP allowlists by their JSON text, so that a verification never parses a range again. */
    private final JsonColumnCache<IpAllowlist> parsedAllowedIps = new JsonColumnCache<>(this::parseAllowedIps);
    private final RowMapper<StoredToken> lenientMapper = (row, ctx) -> map(row, false);
    private final DetectedDialect dialect;
    /** The channel this store announces its changes on, in their transactions; none by default. */
    private final @Nullable InvalidationChannel announcedOn;
    private final @Nullable InvalidationWriter announcer;

    private JdbiTokenStore(Jdbi jdbi, JdbiTokenSchema schema, @Nullable InvalidationChannel announcedOn,
            @Nullable InvalidationWriter announcer) {
        this.jdbi = jdbi;
        this.schema = schema;
        this.announcedOn = announcedOn;
        this.announcer = announcer;
        this.dialect = schema.detectedDialect();
        this.tokensTable = schema.tokensTable();
        this.remindersTable = schema.tablePrefix() + "reminders";
        this.tokenSql = new TokenSql(tokensTable);
        this.usageSql = new UsageSql(tokensTable, schema.tablePrefix() + "usage_daily");
    }

    /** A builder over {@code jdbi}; every other setting has a default. */
    public static Builder builder(Jdbi jdbi) {
        return new Builder(jdbi);
    }

    /** A store with the default table prefix {@code klink_} and a dialect detected from the connection. */
    public static JdbiTokenStore create(Jdbi jdbi) {
        return builder(jdbi).build();
    }

    // ---------------------------------------------------------------- schema

    /**
     * The database's dialect, detected once from {@code DatabaseMetaData.getDatabaseProductName()} unless the
     * builder set it.
     *
     * @throws IllegalStateException naming the database when it is not H2, PostgreSQL, MySQL or MariaDB
     * @throws TokenStoreUnavailableException when the database cannot be reached to detect it
     */
    public JdbiDialect dialect() {
        return dialect.get(this::unavailable);
    }

    /** The schema of this store's tables, with its prefix, dialect and clock. */
    public JdbiTokenSchema schema() {
        return schema;
    }

    /**
     * Creates or upgrades the schema: the same as {@code schema().migrate()} ({@link JdbiTokenSchema#migrate()}).
     * Idempotent, and safe when several nodes call it at once.
     *
     * @throws TokenStoreUnavailableException when the database fails or the lock cannot be had in time
     */
    public void migrate() {
        schema.migrate();
    }

    /** The configured prefix of the table names. */
    public String tablePrefix() {
        return schema.tablePrefix();
    }

    /** The table holding the tokens: {@code <prefix>tokens}. */
    public String tokensTable() {
        return tokensTable;
    }

    /** The table where {@link #migrate()} records applied versions: {@code <prefix>schema_version}. */
    public String schemaVersionTable() {
        return schema.schemaVersionTable();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public void insert(StoredToken token) {
        JdbiDialect current = dialect();
        for (int attempt = 1;; attempt++) {
            try {
                jdbi.useHandle(handle -> announced(handle, token.id(), h -> {
                    insertRow(h, current, token);
                    return 1;
                }));
                return;
            } catch (JdbiException e) {
                // InnoDB may roll back one of several inserts of the same id as a deadlock; tried again, it is
                // either inserted or a duplicate, as the caller expects
                SQLException sql = SqlFailures.sqlCause(e);
                if (attempt >= INSERT_ATTEMPTS || sql == null || !SqlFailures.isDeadlock(sql)) {
                    throw insertFailure(token, e);
                }
            }
        }
    }

    /**
     * Counts and inserts while holding a lock of the owner, so that parallel issues for one owner never exceed the
     * limit (no schema change needed): on PostgreSQL a transaction-scoped advisory lock
     * ({@code pg_advisory_xact_lock}), on MySQL and MariaDB a named lock ({@code GET_LOCK}), on H2 (embedded, one
     * JVM) a lock in this JVM. Locks are per owner (hashed, so two owners rarely share one); other owners never wait.
     */
    @Override
    public boolean insertWithinLimit(StoredToken token, long maxActive, Instant now) {
        JdbiDialect current = dialect();
        try {
            return withOwnerLock(current, token.tenantId(), token.ownerId(), handle -> announced(handle, token.id(),
                    h -> {
                        if (countActive(h, token.tenantId(), token.ownerId(), now) >= maxActive) {
                            return 0;
                        }
                        insertRow(h, current, token);
                        return 1;
                    })) > 0;
        } catch (JdbiException e) {
            throw insertFailure(token, e);
        }
    }

    /**
     * Runs {@code work} holding the lock of one owner's tokens (no schema change needed): on PostgreSQL a
     * transaction-scoped advisory lock ({@code pg_advisory_xact_lock}) in the same transaction, on MySQL and MariaDB
     * a named lock ({@code GET_LOCK}), on H2 (embedded, one JVM) a lock in this JVM. Locks are per owner (hashed, so
     * two owners rarely share one); other owners never wait.
     */
    private <T> T withOwnerLock(JdbiDialect current, String tenantId, String ownerId,
            HandleCallback<T, RuntimeException> work) {
        int owner = (tokensTable + '\u0000' + tenantId + '\u0000' + ownerId).hashCode();
        return switch (current) {
            case POSTGRESQL -> jdbi.inTransaction(handle -> {
                DatabaseLocks.pgTransactionLock(handle, DatabaseLocks.PG_OWNER_LOCK_CLASS, owner);
                return work.withHandle(handle);
            });
            case MYSQL -> jdbi.withHandle(handle -> DatabaseLocks.underMysqlLock(handle,
                    "klink_owner_" + Integer.toHexString(owner), "the lock of an owner's tokens", work));
            case H2 -> {
                synchronized (H2_OWNER_LOCKS[Math.floorMod(owner, H2_OWNER_LOCKS.length)]) {
                    yield jdbi.withHandle(work);
                }
            }
        };
    }

    private void insertRow(Handle handle, JdbiDialect current, StoredToken token) {
        handle.createUpdate(tokenSql.insert)
                .bind("id", token.id())
                .bind("prefix", token.prefix())
                .bind("tenantId", token.tenantId())
                .bind("ownerId", token.ownerId())
                .bind("name", token.name())
                .bind("abilities", abilitiesJson(token.abilities()))
                .bind("hashScheme", token.hashScheme())
                .bind("hash", hash(token.hash()))
                .bind("createdAt", instant(current, token.createdAt()))
                .bind("expiresAt", instant(current, token.expiresAt()))
                .bind("revokedAt", instant(current, token.revokedAt()))
                .bind("revokedBy", token.revokedBy())
                .bind("revokeReason", token.revokeReason())
                .bind("lastUsedAt", instant(current, token.lastUsedAt()))
                .bind("lastUsedIp", ip(token.lastUsedIp()))
                .bind("rotatedFromId", token.rotatedFromId())
                .bind("rotatedToId", token.rotatedToId())
                .bind("metadata", metadataJson(token.metadata()))
                .bind("revokedImmediately", token.revokedImmediately())
                .bind("allowedIps", allowedIpsJson(token.allowedIps()))
                .execute();
    }

    private RuntimeException insertFailure(StoredToken token, JdbiException e) {
        SQLException sql = SqlFailures.sqlCause(e);
        if (sql != null && SqlFailures.isUniqueViolation(sql)) {
            return new DuplicateTokenIdException(token.id(), SqlFailures.redacted(sql));
        }
        return unavailable("insert token " + token.id(), e);
    }

    @Override
    public boolean revoke(String tenantId, String id, Revocation revocation) {
        return withHandle("revoke token", id,
                handle -> announced(handle, id, h -> revokeOne(h, tenantId, id, revocation))) > 0;
    }

    private int revokeOne(Handle handle, String tenantId, String id, Revocation revocation) {
        return revocation(handle, tokenSql.revokeById, revocation)
                .bind("tenantId", tenantId)
                .bind("id", id)
                .execute();
    }

    @Override
    public int revokeAllByOwner(String tenantId, String ownerId, Revocation revocation) {
        // under the owner's lock, so that a rotation's replacement is either inserted before (and revoked here) or
        // after (and then its old token is revoked, so the rotation withdraws it)
        JdbiDialect current = dialect();
        try {
            return withOwnerLock(current, tenantId, ownerId,
                    handle -> announced(handle, null, h -> revocation(h, tokenSql.revokeByOwner, revocation)
                            .bind("tenantId", tenantId)
                            .bind("ownerId", ownerId)
                            .execute()));
        } catch (JdbiException e) {
            throw unavailable("revoke the tokens of an owner", e);
        }
    }

    @Override
    public int revokeAllByTenant(String tenantId, Revocation revocation) {
        return withHandle("revoke the tokens of a tenant",
                handle -> announced(handle, null, h -> revocation(h, tokenSql.revokeByTenant, revocation)
                        .bind("tenantId", tenantId)
                        .execute()));
    }

    /** One of the revoke statements with the revocation bound; the caller binds the keys of its WHERE. */
    private Update revocation(Handle handle, String sql, Revocation revocation) {
        return handle.createUpdate(sql)
                .bind("at", instant(revocation.at()))
                .bind("actor", revocation.actor())
                .bind("reason", revocation.reason())
                .bind("immediate", revocation.immediate());
    }

    @Override
    public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
        dialect();
        try {
            return jdbi.inTransaction(handle -> {
                int linked = handle.createUpdate(tokenSql.linkRotation)
                        .bind("newId", newId)
                        .bind("tenantId", tenantId)
                        .bind("id", oldId)
                        .execute();
                if (linked == 0) {
                    return false;
                }
                revokeOne(handle, tenantId, oldId, revocation);
                announce(handle, oldId);
                announce(handle, newId);
                return true;
            });
        } catch (JdbiException e) {
            throw unavailable("rotate token " + oldId, e);
        }
    }

    /**
     * Writes every update in one JDBC batch of conditional updates
     * ({@code ... WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)}), so that concurrent flushes from
     * several nodes never move a token's last use back, and the counts per day in a second batch of upserts that add
     * to the stored count ({@code ON CONFLICT ... DO UPDATE} on PostgreSQL, {@code ON DUPLICATE KEY UPDATE} on MySQL
     * and MariaDB, {@code MERGE} on H2), both in one transaction. Rows are written in id (then day) order so that two
     * nodes flushing overlapping batches cannot deadlock; a transaction rolled back as a deadlock all the same is
     * tried again, which adds nothing twice.
     */
    @Override
    public void recordUsage(Collection<UsageUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        Map<String, UsageUpdate> latest = new TreeMap<>();
        Map<String, Map<LocalDate, Long>> counts = new TreeMap<>();
        for (UsageUpdate update : updates) {
            latest.merge(update.tokenId(), update, (a, b) -> b.at().isAfter(a.at()) ? b : a);
            for (DailyUsage day : update.counts()) {
                if (day.count() > 0) {
                    counts.computeIfAbsent(update.tokenId(), id -> new TreeMap<>())
                            .merge(day.day(), day.count(), Long::sum);
                }
            }
        }
        JdbiDialect current = dialect();
        String operation = "record the usage of " + latest.size() + " tokens";
        for (int attempt = 1;; attempt++) {
            try {
                if (counts.isEmpty()) {
                    jdbi.useHandle(handle -> writeLastUsed(handle, latest));
                } else if (current == JdbiDialect.H2) {
                    // H2's MERGE is not atomic against a concurrent insert of the same key: writers in this JVM
                    // (embedded H2) take turns
                    synchronized (H2_USAGE_LOCK) {
                        jdbi.useTransaction(handle -> writeUsage(handle, current, latest, counts));
                    }
                } else {
                    jdbi.useTransaction(handle -> writeUsage(handle, current, latest, counts));
                }
                return;
            } catch (JdbiException e) {
                SQLException sql = SqlFailures.sqlCause(e);
                if (attempt >= INSERT_ATTEMPTS || sql == null || !SqlFailures.isDeadlock(sql)) {
                    throw unavailable(operation, e);
                }
            }
        }
    }

    private void writeUsage(Handle handle, JdbiDialect current, Map<String, UsageUpdate> latest,
            Map<String, Map<LocalDate, Long>> counts) {
        writeLastUsed(handle, latest);
        PreparedBatch batch = handle.prepareBatch(usageSql.add(current));
        counts.forEach((tokenId, days) -> days.forEach((day, count) -> batch.bind("id", tokenId)
                .bind("day", day)
                .bind("count", count)
                .add()));
        batch.execute();
    }

    private void writeLastUsed(Handle handle, Map<String, UsageUpdate> latest) {
        PreparedBatch batch = handle.prepareBatch(tokenSql.recordUsage);
        for (UsageUpdate update : latest.values()) {
            batch.bind("at", instant(update.at()))
                    .bind("ip", ip(update.clientIp()))
                    .bind("id", update.tokenId())
                    .add();
        }
        batch.execute();
    }

    @Override
    public List<DailyUsage> usageByDay(String tenantId, String tokenId, LocalDate from, LocalDate to) {
        return withHandle("read the usage per day of token", tokenId, handle -> handle.createQuery(usageSql.usageByDay)
                .bind("tenantId", tenantId)
                .bind("id", tokenId)
                .bind("from", from)
                .bind("to", to)
                .map((row, ctx) -> new DailyUsage(Objects.requireNonNull(row.getObject(1, LocalDate.class),
                        "usage_day"), row.getLong(2)))
                .list());
    }

    @Override
    public int deleteUsageBefore(LocalDate day) {
        return withHandle("delete old usage per day", handle -> handle.createUpdate(usageSql.deleteBefore)
                .bind("day", day)
                .execute());
    }

    @Override
    public void updateHash(String id, String hashScheme, byte[] hash) {
        withHandle("update the hash of token", id, handle -> announced(handle, id,
                h -> h.createUpdate(tokenSql.updateHash)
                        .bind("hashScheme", hashScheme)
                        .bind("hash", hash(hash))
                        .bind("id", id)
                        .execute()));
    }

    /**
     * Deletes in batches of at most {@value #PRUNE_BATCH_SIZE} tokens, each batch one transaction that reads the
     * batch's ids (locking nothing), deletes their counts per day, then the tokens by primary key. Pruning a large
     * backlog therefore locks one batch's rows for one short transaction at a time, never the whole backlog, and
     * never rows it does not delete: a write to one of those rows, or a verification on MySQL, waits at most one
     * batch. The reminder claims of tokens that no longer exist go after the last batch. A count that a flush on
     * another node writes meanwhile may outlive its token: no read returns it (reads join the token) and
     * {@link #deleteUsageBefore} removes it with its day.
     */
    @Override
    public int deleteInactiveBefore(Instant cutoff) {
        Argument at = instant(cutoff);
        int deleted = 0;
        for (PruneBatch batch : tokenSql.pruneBatches) {
            Pruned pruned;
            do {
                pruned = withHandle("delete inactive tokens", handle -> handle.inTransaction(h -> {
                    List<String> ids = h.createQuery(batch.select())
                            .bind("cutoff", at)
                            .bind("limit", PRUNE_BATCH_SIZE)
                            .mapTo(String.class)
                            .list();
                    if (ids.isEmpty()) {
                        return new Pruned(0, 0);
                    }
                    h.createUpdate(usageSql.deleteOfTokens).bindList("ids", ids).execute();
                    int gone = h.createUpdate(batch.delete()).bindList("ids", ids).bind("cutoff", at).execute();
                    return new Pruned(ids.size(), gone);
                }));
                deleted += pruned.deleted();
            } while (pruned.found() == PRUNE_BATCH_SIZE); // a full batch: there may be more
        }
        withHandle("delete the reminder claims of deleted tokens", handle -> handle.execute("DELETE FROM "
                + remindersTable + " WHERE NOT EXISTS (SELECT 1 FROM " + tokensTable + " WHERE " + tokensTable
                + ".id = " + remindersTable + ".token_id)"));
        return deleted;
    }

    /**
     * Inserts the claim into {@code <prefix>reminders}, whose primary key ({@code token_id, threshold_seconds})
     * lets exactly one insert of a pair succeed: PostgreSQL {@code ON CONFLICT DO NOTHING}, MySQL/MariaDB
     * {@code INSERT IGNORE}, H2 a plain insert whose duplicate-key failure means "claimed before". An insert InnoDB
     * rolls back as a deadlock is tried again.
     */
    @Override
    public boolean claimReminder(String tokenId, Duration threshold, Instant at) {
        JdbiDialect current = dialect();
        String columns = remindersTable + " (token_id, threshold_seconds, claimed_at)"
                + " VALUES (:tokenId, :threshold, :at)";
        String sql = switch (current) {
            case POSTGRESQL -> "INSERT INTO " + columns + " ON CONFLICT DO NOTHING";
            case MYSQL -> "INSERT IGNORE INTO " + columns;
            case H2 -> "INSERT INTO " + columns;
        };
        for (int attempt = 1;; attempt++) {
            try {
                return jdbi.withHandle(handle -> handle.createUpdate(sql)
                        .bind("tokenId", tokenId)
                        .bind("threshold", threshold.getSeconds())
                        .bind("at", instant(current, at))
                        .execute()) == 1;
            } catch (JdbiException e) {
                SQLException failure = SqlFailures.sqlCause(e);
                if (failure != null && SqlFailures.isUniqueViolation(failure)) {
                    return false;
                }
                if (attempt >= INSERT_ATTEMPTS || failure == null || !SqlFailures.isDeadlock(failure)) {
                    throw unavailable("claim the expiry reminder of token " + tokenId, e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * The one primary-key read of a verification.
     *
     * @throws TokenStoreUnavailableException also when the row's abilities or metadata cannot be read: the token
     *         fails closed
     */
    @Override
    public Optional<StoredToken> findById(String id) {
        dialect();
        // the one read of every verification: a plain prepared statement on the handle's connection, without
        // JDBI's statement machinery, which costs more than the query itself
        try {
            return jdbi.withHandle(handle -> {
                try (PreparedStatement select = handle.getConnection().prepareStatement(tokenSql.findById)) {
                    select.setString(1, id);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? Optional.of(map(row, true)) : Optional.<StoredToken>empty();
                    }
                } catch (SQLException e) {
                    throw unavailable("find token " + id, e);
                }
            });
        } catch (JdbiException e) {
            throw unavailable("find token " + id, e);
        }
    }

    @Override
    public Optional<StoredToken> find(String tenantId, String id) {
        return withHandle("find token", id, handle -> handle.createQuery(tokenSql.find)
                .bind("id", id)
                .bind("tenantId", tenantId)
                .map(lenientMapper)
                .findOne());
    }

    @Override
    public Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page) {
        return withHandle("list the tokens of an owner", handle -> {
            long total = handle.createQuery(tokenSql.countByOwner)
                    .bind("tenantId", tenantId)
                    .bind("ownerId", ownerId)
                    .mapTo(Long.class).one();
            List<StoredToken> items = handle.createQuery(tokenSql.pageByOwner)
                    .bind("tenantId", tenantId)
                    .bind("ownerId", ownerId)
                    .bind("limit", page.size())
                    .bind("offset", page.offset())
                    .map(lenientMapper)
                    .list();
            return Page.of(items, page, total);
        });
    }

    @Override
    public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
        return withHandle("list the tokens of a tenant", handle -> {
            long total = handle.createQuery(tokenSql.countByTenant)
                    .bind("tenantId", tenantId)
                    .mapTo(Long.class).one();
            List<StoredToken> items = handle.createQuery(tokenSql.pageByTenant)
                    .bind("tenantId", tenantId)
                    .bind("limit", page.size())
                    .bind("offset", page.offset())
                    .map(lenientMapper)
                    .list();
            return Page.of(items, page, total);
        });
    }

    /**
     * One indexed range read, portable to H2, PostgreSQL and MySQL/MariaDB: {@code created_at <= :afterAt} bounds
     * the scan of the {@code (tenant_id[, owner_id], created_at, id)} index (added by schema version 7) from the
     * cursor on, the second condition drops the rows of the cursor's own instant it has passed, and the limit of
     * {@code size + 1} stops the scan one row past the page, so a page deep in costs what the first one does.
     */
    @Override
    public KeysetPage<StoredToken> listByTenant(String tenantId, TokenFilter filter, KeysetRequest request) {
        KeysetCursor after = request.after();
        String ownerId = filter.ownerId();
        StringBuilder sql = new StringBuilder(tokenSql.selectAll).append(" WHERE tenant_id = :tenantId");
        if (ownerId != null) {
            sql.append(" AND owner_id = :ownerId");
        }
        if (filter.status() != null) {
            sql.append(switch (filter.status()) {
                case ACTIVE -> " AND " + NOT_REVOKED_AT_NOW + " AND (expires_at IS NULL OR expires_at > :now)";
                case EXPIRED -> " AND " + NOT_REVOKED_AT_NOW + " AND expires_at <= :now";
                case REVOKED -> " AND (revoked_immediately = TRUE OR revoked_at <= :now)";
            });
        }
        if (after != null) {
            sql.append(" AND created_at <= :afterAt AND (created_at < :afterAt OR id < :afterId)");
        }
        sql.append(NEWEST_FIRST).append(" LIMIT :limit");
        List<StoredToken> rows = withHandle("list the tokens of a tenant", handle -> {
            var query = handle.createQuery(sql.toString())
                    .bind("tenantId", tenantId)
                    .bind("limit", request.size() + 1);
            if (ownerId != null) {
                query.bind("ownerId", ownerId);
            }
            if (filter.status() != null) {
                query.bind("now", instant(filter.now()));
            }
            if (after != null) {
                query.bind("afterAt", instant(after.createdAt())).bind("afterId", after.id());
            }
            return query.map(lenientMapper).list();
        });
        return KeysetPage.of(rows, request.size(), StoredToken::position);
    }

    @Override
    public long countActiveByOwner(String tenantId, String ownerId, Instant now) {
        return withHandle("count the active tokens of an owner", handle -> countActive(handle, tenantId, ownerId, now));
    }

    private long countActive(Handle handle, String tenantId, String ownerId, Instant now) {
        return handle.createQuery(tokenSql.countActiveByOwner)
                .bind("tenantId", tenantId)
                .bind("ownerId", ownerId)
                .bind("at", instant(now))
                .mapTo(Long.class)
                .one();
    }

    @Override
    public List<StoredToken> findExpiring(Instant from, Instant until) {
        return withHandle("find expiring tokens", handle -> handle.createQuery(tokenSql.findExpiring)
                .bind("from", instant(from))
                .bind("until", instant(until))
                .map(lenientMapper)
                .list());
    }

    // ---------------------------------------------------------------- rows

    /** Reads a row of {@link #COLUMNS} by position: label lookups cost more than the rest of the mapping. */
    private StoredToken map(ResultSet row, boolean strict) throws SQLException {
        JdbiDialect current = dialect();
        String id = row.getString(1);
        Set<String> abilities = parsedAbilities.get(row.getString(6));
        if (abilities == null) {
            abilities = unreadable(id, "abilities", strict, Set.of());
        }
        Map<String, String> metadata = parsedMetadata.get(row.getString(18));
        if (metadata == null) {
            metadata = unreadable(id, "metadata", strict, Map.of());
        }
        String allowedIpsText = row.getString(20);
        IpAllowlist allowedIps = allowedIpsText == null ? IpAllowlist.any() : parsedAllowedIps.get(allowedIpsText);
        if (allowedIps == null) {
            allowedIps = unreadable(id, "allowed_ips", strict, UNREADABLE_ALLOWED_IPS);
        }
        return new StoredToken(id, row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), abilities, row.getString(7), row.getBytes(8),
                Objects.requireNonNull(current.readInstant(row, 9), "created_at"),
                current.readInstant(row, 10), current.readInstant(row, 11),
                row.getString(12), row.getString(13),
                row.getBoolean(19), current.readInstant(row, 14), row.getString(15),
                row.getString(16), row.getString(17), metadata, allowedIps);
    }

    private <T> T unreadable(String id, String column, boolean strict, T fallback) {
        if (strict) {
            throw new TokenStoreUnavailableException("The " + column + " of token " + id + " in " + tokensTable
                    + " are not valid JSON; the token cannot be verified until the row is repaired or the token "
                    + "is revoked");
        }
        log.warn("The {} of token {} in {} are not valid JSON; showing the token with none", column, id,
                tokensTable);
        return fallback;
    }

    private String abilitiesJson(Set<String> abilities) {
        return json.writeValueAsString(List.copyOf(new TreeSet<>(abilities)));
    }

    private String metadataJson(Map<String, String> metadata) {
        return json.writeValueAsString(new TreeMap<>(metadata));
    }

    /** The allowlist as a JSON array of its normalized ranges, or {@code null} (SQL NULL) for any address. */
    private @Nullable String allowedIpsJson(IpAllowlist allowedIps) {
        return allowedIps.isEmpty() ? null : json.writeValueAsString(allowedIps.ranges());
    }

    /** The allowlist in a column, or {@code null} when it is not a JSON array of CIDR ranges. */
    private @Nullable IpAllowlist parseAllowedIps(@Nullable String text) {
        List<String> ranges = parseStrings(text);
        if (ranges == null) {
            return null;
        }
        try {
            return IpAllowlist.of(ranges);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The abilities in a column, or {@code null} when it is not a JSON array of strings. */
    private @Nullable Set<String> parseAbilities(@Nullable String text) {
        List<String> abilities = parseStrings(text);
        return abilities == null ? null : Collections.unmodifiableSet(new TreeSet<>(abilities));
    }

    /** The strings of a JSON array in a column, or {@code null} when it is not an array of strings. */
    private @Nullable List<String> parseStrings(@Nullable String text) {
        JsonNode node = parse(text);
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode element : node.values()) {
            if (!element.isString()) {
                return null;
            }
            strings.add(element.stringValue());
        }
        return strings;
    }

    /** The metadata in a column, or {@code null} when it is not a JSON object of strings. */
    private @Nullable Map<String, String> parseMetadata(@Nullable String text) {
        JsonNode node = parse(text);
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                return null;
            }
            metadata.put(entry.getKey(), entry.getValue().stringValue());
        }
        return Map.copyOf(metadata);
    }

    private @Nullable JsonNode parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- binding and errors

    private Argument instant(@Nullable Instant value) {
        return instant(dialect(), value);
    }

    private static Argument instant(JdbiDialect current, @Nullable Instant value) {
        return (position, statement, ctx) -> current.bindInstant(statement, position, value);
    }

    private static Argument hash(byte[] hash) {
        return new HashArgument(hash);
    }

    /** Binds a token hash; its {@code toString()} keeps the bytes out of JDBI's statement descriptions. */
    private static final class HashArgument implements Argument {
        private final byte[] hash;

        HashArgument(byte[] hash) {
            this.hash = hash;
        }

        @Override
        public void apply(int position, java.sql.PreparedStatement statement,
                org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
            statement.setBytes(position, hash);
        }

        @Override
        public String toString() {
            return "<redacted>";
        }
    }

    /** Client addresses longer than the column (a forged header) are cut, so they never fail a usage batch. */
    private static @Nullable String ip(@Nullable String ip) {
        return ip == null || ip.length() <= MAX_IP_LENGTH ? ip : ip.substring(0, MAX_IP_LENGTH);
    }

    /**
     * This store announces its changes on {@code channel} itself, in their transactions, when it was built with
     * {@link Builder#invalidationChannel(PollingInvalidationChannel) that channel}.
     */
    @Override
    public boolean announcesChangesOn(InvalidationChannel channel) {
        return announcedOn != null && announcedOn == channel;
    }

    /**
     * Runs {@code change} (which returns how many rows it changed) on {@code handle}; when this store announces its
     * changes, in one transaction with the announcement of {@code tokenId} ({@code null}: everything) if it changed
     * any row, so the change and its announcement commit or roll back together.
     */
    private int announced(Handle handle, @Nullable String tokenId, HandleCallback<Integer, RuntimeException> change) {
        if (announcer == null) {
            return change.withHandle(handle);
        }
        HandleCallback<Integer, RuntimeException> changeAndAnnounce = h -> {
            int changed = change.withHandle(h);
            if (changed > 0) {
                announce(h, tokenId);
            }
            return changed;
        };
        return handle.isInTransaction() ? changeAndAnnounce.withHandle(handle)
                : handle.inTransaction(changeAndAnnounce);
    }

    /** Writes the announcement of {@code tokenId} in the transaction of {@code handle}, when this store announces. */
    private void announce(Handle handle, @Nullable String tokenId) {
        InvalidationWriter writer = announcer;
        if (writer != null) {
            writer.write(handle, tokenId);
        }
    }

    private <T> T withHandle(String operation, HandleCallback<T, RuntimeException> work) {
        return withHandle(operation, null, work);
    }

    /** Runs {@code work}; the failure's description, naming the token if any, is built only when it fails. */
    private <T> T withHandle(String operation, @Nullable String tokenId, HandleCallback<T, RuntimeException> work) {
        dialect();
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw unavailable(tokenId == null ? operation : operation + " " + tokenId, e);
        }
    }

    private TokenStoreUnavailableException unavailable(String operation, Exception e) {
        return SqlFailures.unavailable(operation, tokensTable, e, schema.missingTableHint());
    }

    @Override
    public String toString() {
        return "JdbiTokenStore[table=" + tokensTable + ", dialect=" + dialect.known() + "]";
    }

    /** Settings of a {@link JdbiTokenStore}; each setter validates at once. */
    public static final class Builder {

        private final Jdbi jdbi;
        private final JdbiTokenSchema.Builder schema;
        private @Nullable InvalidationChannel channel;
        private @Nullable InvalidationWriter announcer;

        private Builder(Jdbi jdbi) {
            this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
            this.schema = JdbiTokenSchema.builder(jdbi);
        }

        /**
         * The prefix of the table names ({@code klink_} by default: tables {@code klink_tokens} and
         * {@code klink_schema_version}). Lower case letters, digits and {@code _}, starting with a letter, at most
         * 31 characters.
         */
        public Builder tablePrefix(String tablePrefix) {
            schema.tablePrefix(tablePrefix);
            return this;
        }

        /** The dialect, when it should not be detected from the first connection. */
        public Builder dialect(JdbiDialect dialect) {
            schema.dialect(dialect);
            return this;
        }

        /** Where {@link #migrate()} takes the time it records (the UTC system clock by default). */
        public Builder clock(Clock clock) {
            schema.clock(clock);
            return this;
        }

        /**
         * Announces every change (insert, revoke, revoke-all, rotation, re-hash) on {@code channel} by a row in its
         * invalidation log written inside the transaction of the change, so the two commit or roll back together. A
         * {@code CachingTokenStore} given the same channel then does not publish again. The log table must be in
         * this store's database.
         */
        public Builder invalidationChannel(PollingInvalidationChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.announcer = channel.writer();
            return this;
        }

        /**
         * Announces every change (insert, revoke, revoke-all, rotation, re-hash) on {@code channel} by a
         * {@code pg_notify} inside the transaction of the change: PostgreSQL delivers it when the change commits,
         * never when it rolls back. A {@code CachingTokenStore} given the same channel then does not publish again.
         * The store's database must be PostgreSQL.
         */
        public Builder invalidationChannel(PostgresNotifyInvalidationChannel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.announcer = channel.writer();
            return this;
        }

        /** The store. Touches no database: the dialect is detected on first use. */
        public JdbiTokenStore build() {
            return new JdbiTokenStore(jdbi, schema.build(), channel, announcer);
        }
    }
}
