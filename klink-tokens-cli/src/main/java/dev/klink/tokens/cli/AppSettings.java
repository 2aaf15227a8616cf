package dev.klink.tokens.cli;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.HmacKey;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The application's {@code klink.tokens.*} settings that decide what the database holds, under the names
 * {@code KlinkTokensProperties} (the Spring Boot starter) gives them: {@code prefix}, {@code accepted-prefixes},
 * {@code jdbc.table-prefix}, {@code hashing.keys[i].id}/{@code .secret}, {@code policy.*} and {@code abilities[i].*}.
 * With them the command line issues tokens the application verifies, and reads the tables the application writes.
 * {@code spring.datasource.url}, {@code .username} and {@code .password} are the connection's last fallback.
 */
record AppSettings(
        String prefix,
        List<String> acceptedPrefixes,
        String tablePrefix,
        List<HmacKey> hashingKeys,
        TokenPolicy policy,
        AbilityCatalog catalog,
        @Nullable String datasourceUrl,
        @Nullable String datasourceUser,
        @Nullable String datasourcePassword) {

    private static final String ROOT = "klink.tokens.";

    static AppSettings defaults() {
        return from(ConfigFile.empty());
    }

    /**
     * The settings in {@code config}, each checked as the application checks it at start-up.
     *
     * @throws CliFailure (usage) naming the property when a value is wrong
     */
    static AppSettings from(ConfigFile config) {
        String prefix = orDefault(config.get(ROOT + "prefix"), TokenFormat.DEFAULT_PREFIX);
        List<String> accepted = config.getList(ROOT + "accepted-prefixes");
        for (String candidate : concat(prefix, accepted)) {
            if (!TokenFormat.isValidPrefix(candidate)) {
                throw invalid(config, "prefix", "'" + candidate + "' is no valid prefix: [a-z][a-z0-9_]{0,23}, not "
                        + "ending in _");
            }
        }
        String tablePrefix = orDefault(config.get(ROOT + "jdbc.table-prefix"), JdbiTokenStore.DEFAULT_TABLE_PREFIX);
        return new AppSettings(prefix, List.copyOf(accepted), tablePrefix, keys(config), policy(config),
                catalog(config), config.get("spring.datasource.url"), config.get("spring.datasource.username"),
                config.get("spring.datasource.password"));
    }

    /** Every prefix verification accepts: the prefix of new tokens first. */
    Set<String> allPrefixes() {
        return new LinkedHashSet<>(concat(prefix, acceptedPrefixes));
    }

    /** HMAC-SHA256 with the first key as the primary when keys are set, plain SHA-256 otherwise. */
    TokenHasher hasher() {
        if (hashingKeys.isEmpty()) {
            return TokenHasher.sha256();
        }
        return TokenHasher.hmacSha256(hashingKeys.get(0), hashingKeys.subList(1, hashingKeys.size()));
    }

    /** Whether {@code scheme} (as stored with a token) is one this configuration can compute. */
    boolean canCompute(String scheme) {
        return scheme.equals("sha256")
                || hashingKeys.stream().anyMatch(key -> scheme.equals("hmac-sha256:" + key.id()));
    }

    private static List<HmacKey> keys(ConfigFile config) {
        List<HmacKey> keys = new ArrayList<>();
        int count = config.countEntries(ROOT + "hashing.keys");
        for (int i = 0; i < count; i++) {
            String name = "hashing.keys[" + i + "]";
            String id = config.get(ROOT + name + ".id");
            String secret = config.get(ROOT + name + ".secret");
            if (id == null || secret == null) {
                throw invalid(config, name, "needs both an id and a secret");
            }
            try {
                keys.add(HmacKey.fromBase64(id, secret));
            } catch (IllegalArgumentException e) {
                // the message of HmacKey names the key id and the problem, never the key
                throw invalid(config, name, e.getMessage());
            }
        }
        return keys;
    }

    private static TokenPolicy policy(ConfigFile config) {
        TokenPolicy defaults = TokenPolicy.defaults();
        try {
            return TokenPolicy.builder()
                    .maxLifetime(duration(config, "policy.max-lifetime", defaults.maxLifetime()))
                    .defaultLifetime(duration(config, "policy.default-lifetime", defaults.defaultLifetime()))
                    .allowNeverExpires(Boolean.parseBoolean(orDefault(config.get(ROOT + "policy.allow-never-expires"),
                            String.valueOf(defaults.allowNeverExpires()))))
                    .maxActiveTokensPerOwner(integer(config, "policy.max-active-tokens-per-owner",
                            defaults.maxActiveTokensPerOwner()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw invalid(config, "policy", e.getMessage());
        }
    }

    private static AbilityCatalog catalog(ConfigFile config) {
        int count = config.countEntries(ROOT + "abilities");
        if (count == 0) {
            return AbilityCatalog.unrestricted();
        }
        AbilityCatalog.Builder catalog = AbilityCatalog.builder();
        try {
            for (int i = 0; i < count; i++) {
                String entry = ROOT + "abilities[" + i + "]";
                String name = config.get(entry + ".name");
                if (name == null) {
                    throw invalid(config, "abilities[" + i + "]", "has no name");
                }
                catalog.ability(name, orDefault(config.get(entry + ".description"), name),
                        config.getList(entry + ".implies").toArray(String[]::new));
            }
            return catalog.build();
        } catch (IllegalArgumentException e) {
            throw invalid(config, "abilities", e.getMessage());
        }
    }

    private static Duration duration(ConfigFile config, String name, Duration fallback) {
        String text = config.get(ROOT + name);
        try {
            return text == null ? fallback : Durations.parse(ROOT + name, text, ChronoUnit.MILLIS);
        } catch (IllegalArgumentException e) {
            throw invalid(config, name, e.getMessage());
        }
    }

    private static int integer(ConfigFile config, String name, int fallback) {
        String text = config.get(ROOT + name);
        try {
            return text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(config, name, "must be a whole number, was '" + text + "'");
        }
    }

    private static CliFailure invalid(ConfigFile config, String name, @Nullable String problem) {
        return CliFailure.usage(config.source(ROOT + name) + ": " + ROOT + name + " " + problem);
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    @Override
    public String toString() {
        return "AppSettings[prefix=" + prefix + ", acceptedPrefixes=" + acceptedPrefixes + ", tablePrefix="
                + tablePrefix + ", hashingKeys=" + hashingKeys + ", policy=" + policy + ", datasourceUrl="
                + (datasourceUrl == null ? null : Redaction.url(datasourceUrl)) + "]";
    }
}
