package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.spring.TokenOwnerResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of klink-tokens, under {@code klink.tokens}. Checked when the beans are created: a bad value stops the
 * application with a message naming the property.
 */
@ConfigurationProperties("klink.tokens")
public class KlinkTokensProperties {

    /** Prefix of new tokens: [a-z][a-z0-9_]{0,23}, not ending in "_". */
    private String prefix = "klink_pat";

    /** More prefixes that verification accepts besides the prefix of new tokens, e.g. after renaming it. */
    private List<String> acceptedPrefixes = new ArrayList<>();

    private final Hashing hashing = new Hashing();

    private final Policy policy = new Policy();

    private final Usage usage = new Usage();

    /**
     * Abilities tokens may hold, in the order users should see them. Without a GrantableAbilities bean, owners may
     * grant exactly these (never a wildcard); when empty, no ability is grantable, and the management endpoints
     * refuse to start.
     */
    private List<Ability> abilities = new ArrayList<>();

    private final Filter filter = new Filter();

    private final Introspection introspection = new Introspection();

    private final ForwardAuth forwardAuth = new ForwardAuth();

    private final Management management = new Management();

    private final Prune prune = new Prune();

    private final Jdbc jdbc = new Jdbc();

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public List<String> getAcceptedPrefixes() {
        return acceptedPrefixes;
    }

    public void setAcceptedPrefixes(List<String> acceptedPrefixes) {
        this.acceptedPrefixes = acceptedPrefixes;
    }

    public Hashing getHashing() {
        return hashing;
    }

    public Policy getPolicy() {
        return policy;
    }

    public Usage getUsage() {
        return usage;
    }

    public List<Ability> getAbilities() {
        return abilities;
    }

    public void setAbilities(List<Ability> abilities) {
        this.abilities = abilities;
    }

    public Filter getFilter() {
        return filter;
    }

    public Introspection getIntrospection() {
        return introspection;
    }

    public ForwardAuth getForwardAuth() {
        return forwardAuth;
    }

    public Management getManagement() {
        return management;
    }

    public Prune getPrune() {
        return prune;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    /** How tokens are hashed before they are stored. */
    public static class Hashing {

        /**
         * Server-side HMAC-SHA256 keys. New tokens are hashed with the first (the primary); tokens hashed with the
         * others keep verifying and are re-hashed with the primary on their next use. When empty, plain SHA-256 is
         * used.
         */
        private List<HashingKey> keys = new ArrayList<>();

        public List<HashingKey> getKeys() {
            return keys;
        }

        public void setKeys(List<HashingKey> keys) {
            this.keys = keys;
        }
    }

    /** One HMAC key. */
    public static class HashingKey {

        /** Key id recorded with every hash made with this key: [A-Za-z0-9._-]{1,32}. */
        private @Nullable String id;

        /** The key, base64-encoded; at least 32 bytes once decoded. Keep it out of source control. */
        private @Nullable String secret;

        public @Nullable String getId() {
            return id;
        }

        public void setId(@Nullable String id) {
            this.id = id;
        }

        public @Nullable String getSecret() {
            return secret;
        }

        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        @Override
        public String toString() {
            return "HashingKey[id=" + id + ", secret=<redacted>]";
        }
    }

    /** Rules every issued token follows. */
    public static class Policy {

        /** Longest time between issue and expiry. */
        private Duration maxLifetime = Duration.ofDays(366);

        /** Lifetime of a token issued without an expiry. */
        private Duration defaultLifetime = Duration.ofDays(30);

        /** Whether tokens may be issued that never expire. */
        private boolean allowNeverExpires;

        /** How many active (neither expired nor revoked) tokens one owner may hold. */
        private int maxActiveTokensPerOwner = 100;

        public Duration getMaxLifetime() {
            return maxLifetime;
        }

        public void setMaxLifetime(Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
        }

        public Duration getDefaultLifetime() {
            return defaultLifetime;
        }

        public void setDefaultLifetime(Duration defaultLifetime) {
            this.defaultLifetime = defaultLifetime;
        }

        public boolean isAllowNeverExpires() {
            return allowNeverExpires;
        }

        public void setAllowNeverExpires(boolean allowNeverExpires) {
            this.allowNeverExpires = allowNeverExpires;
        }

        public int getMaxActiveTokensPerOwner() {
            return maxActiveTokensPerOwner;
        }

        public void setMaxActiveTokensPerOwner(int maxActiveTokensPerOwner) {
            this.maxActiveTokensPerOwner = maxActiveTokensPerOwner;
        }
    }

    /** Last-used tracking. */
    public static class Usage {

        /**
         * Whether to record when (and from which address) each token was last used, and count its successful
         * verifications per UTC day.
         */
        private boolean enabled = true;

        /**
         * Shortest time between two writes of one token's last use and counts per day; uses in between are
         * coalesced in memory.
         */
        private Duration flushInterval = Duration.ofSeconds(60);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getFlushInterval() {
            return flushInterval;
        }

        public void setFlushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
        }
    }

    /** One entry of the ability catalog. */
    public static class Ability {

        /** The ability, segment(:segment)* with segment = [a-z0-9][a-z0-9._-]*, e.g. "orders:read". */
        private @Nullable String name;

        /** What the ability allows, shown to users choosing abilities for a token. */
        private @Nullable String description;

        /** Abilities this one implies, e.g. "orders:write" implies "orders:read"; each must be declared too. */
        private List<String> implies = new ArrayList<>();

        public @Nullable String getName() {
            return name;
        }

        public void setName(@Nullable String name) {
            this.name = name;
        }

        public @Nullable String getDescription() {
            return description;
        }

        public void setDescription(@Nullable String description) {
            this.description = description;
        }

        public List<String> getImplies() {
            return implies;
        }

        public void setImplies(List<String> implies) {
            this.implies = implies;
        }
    }

    /** The RFC 7662 token introspection endpoint, for services that do not embed klink-tokens. */
    public static class Introspection {

        /** Whether to answer token introspection requests (RFC 7662) at the introspection path. */
        private boolean enabled;

        /** Path of the introspection endpoint inside the application. */
        private String path = "/oauth2/introspect";

        /** Ability a klink bearer token needs to call the endpoint; such a caller sees tokens of its own tenant. */
        private String callerAbility = "tokens:introspect";

        /** Clients that call the endpoint with HTTP Basic. */
        private List<IntrospectionClientProperties> clients = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getCallerAbility() {
            return callerAbility;
        }

        public void setCallerAbility(String callerAbility) {
            this.callerAbility = callerAbility;
        }

        public List<IntrospectionClientProperties> getClients() {
            return clients;
        }

        public void setClients(List<IntrospectionClientProperties> clients) {
            this.clients = clients;
        }
    }

    /** One introspection client; its secret is kept only as a hash. */
    public static class IntrospectionClientProperties {

        /** Client id, the user name of its HTTP Basic credentials. */
        private @Nullable String id;

        /** SHA-256 of the client's secret as 64 hex digits (printf %s "$SECRET" | sha256sum). */
        private @Nullable String secretHash;

        /** Tenant whose tokens the client may see; tokens of other tenants are inactive to it. Empty: every tenant. */
        private @Nullable String tenant;

        public @Nullable String getId() {
            return id;
        }

        public void setId(@Nullable String id) {
            this.id = id;
        }

        public @Nullable String getSecretHash() {
            return secretHash;
        }

        public void setSecretHash(@Nullable String secretHash) {
            this.secretHash = secretHash;
        }

        public @Nullable String getTenant() {
            return tenant;
        }

        public void setTenant(@Nullable String tenant) {
            this.tenant = tenant;
        }
    }

    /** The forward-auth endpoint for gateways (nginx auth_request, Traefik ForwardAuth, Caddy, Envoy). */
    public static class ForwardAuth {

        /** Whether to answer forward-auth requests of gateways at the forward-auth path. */
        private boolean enabled;

        /** Path of the forward-auth endpoint inside the application. */
        private String path = "/auth/verify";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }

    /** The servlet filter, registered when Spring Security is not in use. */
    public static class Filter {

        /** Whether to register the bearer token filter when the application has no Spring Security filter chain. */
        private boolean enabled = true;

        /** Realm of the WWW-Authenticate challenges, here and in the Spring Security integration. */
        private String realm = "klink";

        /**
         * Access rules, checked in order; the first whose methods and pattern match a request decides. A token a
         * request carries is verified on every path, "permit-all" ones included.
         */
        private List<Rule> rules = new ArrayList<>();

        /**
         * What a request that matches no rule needs: "authenticated" (a valid token, or a user the application
         * logged in already) or "permit-all".
         */
        private Access defaultAccess = Access.AUTHENTICATED;

        /** Order of the filter among the servlet filters; it must run after filters that log users in. */
        private int order;

        public Access getDefaultAccess() {
            return defaultAccess;
        }

        public void setDefaultAccess(Access defaultAccess) {
            this.defaultAccess = defaultAccess;
        }

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getRealm() {
            return realm;
        }

        public void setRealm(String realm) {
            this.realm = realm;
        }

        public List<Rule> getRules() {
            return rules;
        }

        public void setRules(List<Rule> rules) {
            this.rules = rules;
        }
    }

    /** What a matching request needs. */
    public enum Access {
        /** Nothing: the request passes without a token. */
        PERMIT_ALL,
        /** Any valid token. */
        AUTHENTICATED,
        /** A valid token holding every listed ability. */
        ALL,
        /** A valid token holding at least one listed ability. */
        ANY
    }

    /** One access rule of the filter. */
    public static class Rule {

        /** HTTP methods the rule applies to, e.g. [GET, HEAD]; empty for every method. */
        private List<String> methods = new ArrayList<>();

        /** Path pattern the rule applies to, e.g. "/api/orders/**". */
        private @Nullable String pattern;

        /** What a matching request needs. */
        private Access access = Access.AUTHENTICATED;

        /** Abilities for access "all" or "any". */
        private List<String> abilities = new ArrayList<>();

        public List<String> getMethods() {
            return methods;
        }

        public void setMethods(List<String> methods) {
            this.methods = methods;
        }

        public @Nullable String getPattern() {
            return pattern;
        }

        public void setPattern(@Nullable String pattern) {
            this.pattern = pattern;
        }

        public Access getAccess() {
            return access;
        }

        public void setAccess(Access access) {
            this.access = access;
        }

        public List<String> getAbilities() {
            return abilities;
        }

        public void setAbilities(List<String> abilities) {
            this.abilities = abilities;
        }
    }

    /** REST endpoints with which logged-in users list, issue, revoke and rotate their own tokens. */
    public static class Management {

        /** Whether to expose the token management REST endpoints. */
        private boolean enabled;

        /** Base path of the management endpoints. */
        private String path = "/api/tokens";

        /** How long a rotated token keeps working after its replacement is issued; zero stops it at once. */
        private Duration rotateGrace = Duration.ZERO;

        /**
         * Tenant of every signed-in user, for single-tenant applications. Multi-tenant applications declare a
         * TokenOwnerResolver bean that maps the signed-in user to their tenant instead; a TenantResolver, which reads
         * the request, is never used for signed-in users.
         */
        private @Nullable String tenant;

        /** Largest request body the management endpoints accept; a larger one is answered 413. */
        private DataSize maxBodySize = DataSize.ofKilobytes(16);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public Duration getRotateGrace() {
            return rotateGrace;
        }

        public void setRotateGrace(Duration rotateGrace) {
            this.rotateGrace = rotateGrace;
        }

        public @Nullable String getTenant() {
            return tenant;
        }

        public void setTenant(@Nullable String tenant) {
            this.tenant = tenant;
        }

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        /**
         * Authority that makes a signed-in user an administrator of their tenant's tokens: they may list every
         * owner's tokens, revoke any and offboard an owner through the endpoints under {path}/admin. Compared
         * exactly (Spring Security's roles("TOKENS_ADMIN") grants ROLE_TOKENS_ADMIN).
         */
        private String adminAuthority = "ROLE_TOKENS_ADMIN";

        public String getAdminAuthority() {
            return adminAuthority;
        }

        public void setAdminAuthority(String adminAuthority) {
            this.adminAuthority = adminAuthority;
        }
    }

    /** Deleting tokens that expired or were revoked long ago. */
    public static class Prune {

        /** Whether to delete old expired and revoked tokens on a schedule. */
        private boolean enabled;

        /** Cron expression of the prune runs (Spring format, six fields); when set, it replaces the interval. */
        private @Nullable String cron;

        /** Time between prune runs, when no cron expression is set. */
        private Duration interval = Duration.ofHours(1);

        /** How long expired and revoked tokens are kept (and shown in lists) before they are deleted. */
        private Duration retention = Duration.ofDays(90);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getCron() {
            return cron;
        }

        public void setCron(@Nullable String cron) {
            this.cron = cron;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    /** The JDBI token store, used when the application has a DataSource or a Jdbi bean. */
    public static class Jdbc {

        /**
         * When to create or upgrade the token tables at start-up: auto (unless the application has a Flyway or
         * Liquibase bean, which then runs the shipped scripts), always, or never.
         */
        private Migrate migrate = Migrate.AUTO;

        /** Prefix of the token table names. */
        private String tablePrefix = "klink_";

        public Migrate getMigrate() {
            return migrate;
        }

        public void setMigrate(Migrate migrate) {
            this.migrate = migrate;
        }

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }
    }

    /** When the JDBI token store's tables are created or upgraded at start-up. */
    public enum Migrate {

        /** At start-up, unless the application has a Flyway or Liquibase bean to run the shipped scripts. */
        AUTO,

        /** At start-up, even when the application has a Flyway or Liquibase bean. */
        ALWAYS,

        /** Never: the application creates the tables from the scripts in klink-tokens-jdbi. */
        NEVER
    }

    // the Spring Security integration's settings; kept last (field, getter, class) so groups added later merge cleanly
    private final Security security = new Security();

    public Security getSecurity() {
        return security;
    }

    /** The Spring Security integration. */
    public static class Security {

        /**
         * Abilities given to users signed in by a session (form or SSO login), as SCOPE_ authorities, so that the same
         * rules serve the browser app and tokens: none (the default), all-declared (every ability in
         * klink.tokens.abilities), or a list of declared abilities. Never a wildcard or an undeclared ability.
         */
        private List<String> sessionAbilities = new ArrayList<>(List.of("none"));

        public List<String> getSessionAbilities() {
            return sessionAbilities;
        }

        public void setSessionAbilities(List<String> sessionAbilities) {
            this.sessionAbilities = sessionAbilities;
        }
    }

    // the verification cache's settings (klink-tokens-caffeine); a group of its own at the end, as the one above
    private final Cache cache = new Cache();

    public Cache getCache() {
        return cache;
    }

    /**
     * The verification cache in front of the token store (needs klink-tokens-caffeine on the class path): found tokens
     * as stored rows, unknown ids in a separate negative cache. Changes made on this node evict at once; other nodes'
     * changes are seen within the time to live.
     */
    public static class Cache {

        /** Whether verifications read tokens through the cache. */
        private boolean enabled;

        /** How many found tokens the cache holds at most. */
        private long maximumSize = 10_000;

        /** How long a found token is cached: the longest a change made on another node can go unseen here. */
        private Duration timeToLive = Duration.ofSeconds(10);

        /** How many unknown token ids the negative cache holds at most. */
        private long negativeMaximumSize = 10_000;

        /** How long an unknown token id is remembered. */
        private Duration negativeTimeToLive = Duration.ofSeconds(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public long getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }

        public Duration getTimeToLive() {
            return timeToLive;
        }

        public void setTimeToLive(Duration timeToLive) {
            this.timeToLive = timeToLive;
        }

        public long getNegativeMaximumSize() {
            return negativeMaximumSize;
        }

        public void setNegativeMaximumSize(long negativeMaximumSize) {
            this.negativeMaximumSize = negativeMaximumSize;
        }

        public Duration getNegativeTimeToLive() {
            return negativeTimeToLive;
        }

        public void setNegativeTimeToLive(Duration negativeTimeToLive) {
            this.negativeTimeToLive = negativeTimeToLive;
        }

        /**
         * How the caches of the other nodes learn of this node's changes, with the JDBI store: "auto" (PostgreSQL
         * LISTEN/NOTIFY on PostgreSQL, polling the invalidation log table elsewhere), "notify", "polling" or "none"
         * (other nodes see a change within the time to live). Ignored when the application declares an
         * InvalidationChannel bean.
         */
        private Invalidation invalidation = Invalidation.AUTO;

        /** How often the polling invalidation channel reads the invalidation log table. */
        private Duration pollInterval = Duration.ofSeconds(1);

        public Invalidation getInvalidation() {
            return invalidation;
        }

        public void setInvalidation(Invalidation invalidation) {
            this.invalidation = invalidation;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        /** The invalidation channels {@code klink.tokens.cache.invalidation} chooses from. */
        public enum Invalidation {
            /** LISTEN/NOTIFY on PostgreSQL, polling on any other database. */
            AUTO,
            /** PostgreSQL LISTEN/NOTIFY; start-up fails on any other database. */
            NOTIFY,
            /** Polling the invalidation log table, on any database. */
            POLLING,
            /** No channel: other nodes see a change within the cache's time to live. */
            NONE
        }
    }
}
