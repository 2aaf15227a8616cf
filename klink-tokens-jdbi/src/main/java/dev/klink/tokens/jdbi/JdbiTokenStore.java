package dev.klink.tokens.jdbi;

import dev.klink.tokens.DuplicateTokenIdException;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenStoreUnavailableException;
import dev.klink.tokens.spi.IpAllowlist;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
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
    /**
     * What a listing shows for an {@code allowed_ips} column that cannot be read: only the unspecified address
     * {@code ::}, which no client has, so the token stays closed (a rotation keeps it closed) rather than open.
     */
    private static final IpAllowlist UNREADABLE_ALLOWED_IPS = IpAllowlist.of(List.of("::/128"));
    /** Striped locks of owners' limits on H2: bounded, and owners rarely share one. */
    private static final Object[] H2_OWNER_LOCKS = new Object[64];

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
    private static final String SET_REVOKED = " SET revoked_at = :at, revoked_by = :actor, revoke_reason = :reason,"
            + " revoked_immediately = :immediate";

    /** The statements on the tokens table, built once per store rather than on every call. */
    private static final class TokenSql {
        final String insert;
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
        final String deleteInactive;

        TokenSql(String table) {
            String select = "SELECT " + COLUMNS + " FROM " + table;
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
            deleteInactive = "DELETE FROM " + table + " WHERE expires_at < :cutoff OR revoked_at < :cutoff";
        }
    }

    private final Jdbi jdbi;
    private final JdbiTokenSchema schema;
    private final String tokensTable;
    private final TokenSql tokenSql;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Parsed abilities and metadata by their JSON text: few distinct values, parsed on every read otherwise. */
    private final JsonColumnCache<Set<String>> parsedAbilities = new JsonColumnCache<>(this::parseAbilities);
    private final JsonColumnCache<Map<String, String>> parsedMetadata = new JsonColumnCache<>(this::parseMetadata);
    /** Parsed IP allowlists by their JSON text, so that a verification never parses a range again. */
    private final JsonColumnCache<IpAllowlist> parsedAllowedIps = new JsonColumnCache<>(this::parseAllowedIps);
    private final RowMapper<StoredToken> lenientMapper = (row, ctx) -> map(row, false);
    private final DetectedDialect dialect;

    private JdbiTokenStore(Jdbi jdbi, JdbiTokenSchema schema) {
        this.jdbi = jdbi;
        this.schema = schema;
        this.dialect = schema.detectedDialect();
        this.tokensTable = schema.tokensTable();
        this.tokenSql = new TokenSql(tokensTable);
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
                jdbi.useHandle(handle -> insertRow(handle, current, token));
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
            return withOwnerLock(current, token.tenantId(), token.ownerId(), handle -> {
                if (countActive(handle, token.tenantId(), token.ownerId(), now) >= maxActive) {
                    return false;
                }
                insertRow(handle, current, token);
                return true;
            });
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
        return withHandle("revoke token", id, handle -> revokeOne(handle, tenantId, id, revocation)) > 0;
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
                    handle -> revocation(handle, tokenSql.revokeByOwner, revocation)
                            .bind("tenantId", tenantId)
                            .bind("ownerId", ownerId)
                            .execute());
        } catch (JdbiException e) {
            throw unavailable("revoke the tokens of an owner", e);
        }
    }

    @Override
    public int revokeAllByTenant(String tenantId, Revocation revocation) {
        return withHandle("revoke the tokens of a tenant",
                handle -> revocation(handle, tokenSql.revokeByTenant, revocation)
                        .bind("tenantId", tenantId)
                        .execute());
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
                return true;
            });
        } catch (JdbiException e) {
            throw unavailable("rotate token " + oldId, e);
        }
    }

    /**
     * Writes every update in one JDBC batch of conditional updates
     * ({@code ... WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)}), so that concurrent flushes from
     * several nodes never move a token's last use back. Rows are updated in id order so that two nodes flushing
     * overlapping batches cannot deadlock.
     */
    @Override
    public void recordUsage(Collection<UsageUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        Map<String, UsageUpdate> latest = new TreeMap<>();
        for (UsageUpdate update : updates) {
            latest.merge(update.tokenId(), update, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
        withHandle("record the usage of " + latest.size() + " tokens", handle -> {
            PreparedBatch batch = handle.prepareBatch(tokenSql.recordUsage);
            for (UsageUpdate update : latest.values()) {
                batch.bind("at", instant(update.at()))
                        .bind("ip", ip(update.clientIp()))
                        .bind("id", update.tokenId())
                        .add();
            }
            return batch.execute().length;
        });
    }

    @Override
    public void updateHash(String id, String hashScheme, byte[] hash) {
        withHandle("update the hash of token", id, handle -> handle.createUpdate(tokenSql.updateHash)
                .bind("hashScheme", hashScheme)
                .bind("hash", hash(hash))
                .bind("id", id)
                .execute());
    }

    @Override
    public int deleteInactiveBefore(Instant cutoff) {
        return withHandle("delete inactive tokens", handle -> handle.createUpdate(tokenSql.deleteInactive)
                .bind("cutoff", instant(cutoff))
                .execute());
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
        JsonNode node = parse(text);
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> ranges = new ArrayList<>();
        for (JsonNode element : node.values()) {
            if (!element.isString()) {
                return null;
            }
            ranges.add(element.stringValue());
        }
        try {
            return IpAllowlist.of(ranges);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The abilities in a column, or {@code null} when it is not a JSON array of strings. */
    private @Nullable Set<String> parseAbilities(@Nullable String text) {
        JsonNode node = parse(text);
        if (node == null || !node.isArray()) {
            return null;
        }
        Set<String> abilities = new TreeSet<>();
        for (JsonNode element : node.values()) {
            if (!element.isString()) {
                return null;
            }
            abilities.add(element.stringValue());
        }
        return Collections.unmodifiableSet(abilities);
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

        /** The store. Touches no database: the dialect is detected on first use. */
        public JdbiTokenStore build() {
            return new JdbiTokenStore(jdbi, schema.build());
        }
    }
}
