package dev.klink.tokens.spring.autoconfigure;

import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.AbilityDefinition;
import dev.klink.tokens.HmacKey;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.servlet.Access;
import dev.klink.tokens.servlet.AccessRule;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spi.GrantableAbilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link KlinkTokensProperties} into core objects. Every mistake stops start-up with an
 * {@link InvalidConfigurationPropertyValueException} naming the property (Boot's failure analyzer prints it); secret
 * values are never part of it.
 */
final class KlinkTokensSettings {

    private static final String PREFIX = "klink.tokens.";

    private KlinkTokensSettings() {
    }

    static String prefix(KlinkTokensProperties properties) {
        String prefix = properties.getPrefix();
        if (!TokenFormat.isValidPrefix(prefix)) {
            throw invalid("prefix", prefix, "must match [a-z][a-z0-9_]{0,23} and not end in '_'");
        }
        List<String> accepted = properties.getAcceptedPrefixes();
        for (int i = 0; i < accepted.size(); i++) {
            if (!TokenFormat.isValidPrefix(accepted.get(i))) {
                throw invalid("accepted-prefixes[" + i + "]", accepted.get(i),
                        "must match [a-z][a-z0-9_]{0,23} and not end in '_'");
            }
        }
        return prefix;
    }

    static TokenHasher hasher(KlinkTokensProperties properties) {
        List<KlinkTokensProperties.HashingKey> configured = properties.getHashing().getKeys();
        if (configured.isEmpty()) {
            return TokenHasher.sha256();
        }
        List<HmacKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < configured.size(); i++) {
            KlinkTokensProperties.HashingKey key = configured.get(i);
            String name = "hashing.keys[" + i + "]";
            String id = key.getId();
            if (id == null || id.isBlank()) {
                throw invalid(name + ".id", id, "every hashing key needs an id");
            }
            if (!ids.add(id)) {
                throw invalid(name + ".id", id, "is used by two hashing keys");
            }
            String secret = key.getSecret();
            if (secret == null || secret.isBlank()) {
                throw invalid(name + ".secret", "<redacted>", "every hashing key needs a base64 secret");
            }
            try {
                keys.add(HmacKey.fromBase64(id, secret));
            } catch (IllegalArgumentException e) {
                // the core message names the key id and the length, never the key itself
                throw invalid(name + ".secret", "<redacted>", e.getMessage() + " (at least "
                        + HmacKey.MIN_LENGTH_BYTES + " bytes, base64-encoded; e.g. openssl rand -base64 32)");
            }
        }
        return TokenHasher.hmacSha256(keys.get(0), keys.subList(1, keys.size()));
    }

    static AbilityCatalog catalog(KlinkTokensProperties properties) {
        List<KlinkTokensProperties.Ability> abilities = properties.getAbilities();
        if (abilities.isEmpty()) {
            return AbilityCatalog.unrestricted();
        }
        Set<String> declared = new HashSet<>();
        for (KlinkTokensProperties.Ability ability : abilities) {
            if (ability.getName() != null) {
                declared.add(ability.getName());
            }
        }
        AbilityCatalog.Builder builder = AbilityCatalog.builder();
        for (int i = 0; i < abilities.size(); i++) {
            KlinkTokensProperties.Ability ability = abilities.get(i);
            String name = "abilities[" + i + "]";
            List<String> implies = ability.getImplies();
            for (int j = 0; j < implies.size(); j++) {
                if (!declared.contains(implies.get(j))) {
                    throw invalid(name + ".implies[" + j + "]", implies.get(j), "implies an ability that is not "
                            + "declared in klink.tokens.abilities");
                }
            }
            String description = ability.getDescription();
            try {
                builder.ability(String.valueOf(ability.getName()),
                        description == null ? "" : description, implies.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                String property = e.getMessage() != null && e.getMessage().contains("description")
                        ? name + ".description" : name + ".name";
                throw invalid(property, property.endsWith("name") ? ability.getName() : description,
                        e.getMessage());
            }
        }
        return builder.build();
    }

    /**
     * What owners may grant when the application declares no {@link GrantableAbilities}: each declared ability by
     * its name, so never a wildcard; nothing for an unrestricted catalog.
     */
    static GrantableAbilities declaredAbilities(AbilityCatalog catalog) {
        List<String> declared = catalog.definitions().stream().map(AbilityDefinition::name).toList();
        return (tenantId, ownerId) -> declared;
    }

    static TokenPolicy policy(KlinkTokensProperties properties) {
        KlinkTokensProperties.Policy policy = properties.getPolicy();
        TokenPolicy.Builder builder = TokenPolicy.builder();
        apply("policy.max-lifetime", policy.getMaxLifetime(), () -> builder.maxLifetime(policy.getMaxLifetime()));
        apply("policy.default-lifetime", policy.getDefaultLifetime(),
                () -> builder.defaultLifetime(policy.getDefaultLifetime()));
        apply("policy.max-active-tokens-per-owner", policy.getMaxActiveTokensPerOwner(),
                () -> builder.maxActiveTokensPerOwner(policy.getMaxActiveTokensPerOwner()));
        builder.allowNeverExpires(policy.isAllowNeverExpires());
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // build() checks the default lifetime against the maximum
            throw invalid("policy.default-lifetime", policy.getDefaultLifetime(), e.getMessage());
        }
    }

    static Duration usageFlushInterval(KlinkTokensProperties properties) {
        return positive("usage.flush-interval", properties.getUsage().getFlushInterval());
    }

    static Duration positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(property, value, "must be positive");
        }
        return value;
    }

    static Duration notNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw invalid(property, value, "must not be negative");
        }
        return value;
    }

    /** The check of one filter rule's abilities, as the property describes it. */
    private static AbilityCheck check(int index, KlinkTokensProperties.Rule rule) {
        String name = "filter.rules[" + index + "].abilities";
        try {
            return switch (rule.getAccess()) {
                case ALL -> AbilityCheck.of(AbilityCheck.Mode.ALL, requireAbilities(name, rule));
                case ANY -> AbilityCheck.of(AbilityCheck.Mode.ANY, requireAbilities(name, rule));
                default -> AbilityCheck.none();
            };
        } catch (IllegalArgumentException e) {
            throw invalid(name, rule.getAbilities(), e.getMessage());
        }
    }

    /** The filter rules, in order. */
    static List<AccessRule> rules(KlinkTokensProperties properties) {
        List<KlinkTokensProperties.Rule> configured = properties.getFilter().getRules();
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            KlinkTokensProperties.Rule rule = configured.get(i);
            String name = "filter.rules[" + i + "]";
            String pattern = rule.getPattern();
            if (pattern == null || pattern.isBlank()) {
                throw invalid(name + ".pattern", pattern, "every rule needs a path pattern, e.g. /api/**");
            }
            AccessRule.Builder builder;
            try {
                builder = AccessRule.path(pattern);
            } catch (IllegalArgumentException e) {
                throw invalid(name + ".pattern", pattern, e.getMessage());
            }
            try {
                builder.methods(rule.getMethods().toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw invalid(name + ".methods", rule.getMethods(), e.getMessage());
            }
            // Access.of(none) is authenticated, so only permit-all needs its own case
            rules.add(rule.getAccess() == KlinkTokensProperties.Access.PERMIT_ALL ? builder.permitAll()
                    : builder.access(Access.of(check(i, rule))));
        }
        return List.copyOf(rules);
    }

    /** What a request matching no filter rule needs. */
    static Access defaultAccess(KlinkTokensProperties properties) {
        return switch (properties.getFilter().getDefaultAccess()) {
            case PERMIT_ALL -> Access.permitAll();
            case AUTHENTICATED -> Access.authenticated();
            default -> throw invalid("filter.default-access", properties.getFilter().getDefaultAccess(),
                    "must be permit-all or authenticated");
        };
    }

    static BearerErrorResponder responder(KlinkTokensProperties properties) {
        String realm = properties.getFilter().getRealm();
        try {
            return BearerErrorResponder.create(realm);
        } catch (IllegalArgumentException e) {
            throw invalid("filter.realm", realm, e.getMessage());
        }
    }

    private static List<String> requireAbilities(String name, KlinkTokensProperties.Rule rule) {
        if (rule.getAbilities().isEmpty()) {
            throw invalid(name, rule.getAbilities(), "access '" + rule.getAccess().name().toLowerCase(
                    java.util.Locale.ROOT) + "' needs at least one ability");
        }
        return rule.getAbilities();
    }

    static InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value,
            @Nullable String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + property, value,
                reason == null ? "is invalid" : reason);
    }

    private static void apply(String property, Object value, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e.getMessage());
        }
    }
}
