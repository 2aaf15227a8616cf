package dev.klink.tokens.spring.autoconfigure;

import static dev.klink.tokens.spring.autoconfigure.PropertyChecks.apply;
import static dev.klink.tokens.spring.autoconfigure.PropertyChecks.invalid;
import static dev.klink.tokens.spring.autoconfigure.PropertyChecks.positive;

import dev.klink.tokens.Abilities;
import dev.klink.tokens.AbilityCatalog;
import dev.klink.tokens.AbilityDefinition;
import dev.klink.tokens.HmacKey;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenHasher;
import dev.klink.tokens.TokenPolicy;
import dev.klink.tokens.servlet.BearerErrorResponder;
import dev.klink.tokens.spi.GrantableAbilities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the core part of {@link KlinkTokensProperties} (prefix, hashing, abilities, policy, usage, realm) into the
 * objects {@link KlinkTokensAutoConfiguration} builds. Every mistake stops start-up with the failure of
 * {@link PropertyChecks#invalid} naming the property; secret values are never part of it.
 */
final class CoreSettings {

    private CoreSettings() {
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
                throw invalid(name + ".secret", "<redacted>", emptySecret(i));
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

    /**
     * What to do about the empty secret of key {@code index}. An indexed list binds from one property source only,
     * so the environment alternative sets the key's id as well.
     */
    static String emptySecret(int index) {
        return "klink.tokens.hashing.keys[" + index + "].secret is empty: set it, e.g. in application.yml as "
                + "secret: ${KLINK_HMAC_KEY} with the environment variable KLINK_HMAC_KEY holding a base64 key of at "
                + "least " + HmacKey.MIN_LENGTH_BYTES + " bytes (openssl rand -base64 32), or from the environment "
                + "variables KLINK_TOKENS_HASHING_KEYS_" + index + "_SECRET and KLINK_TOKENS_HASHING_KEYS_" + index
                + "_ID together";
    }

    static AbilityCatalog catalog(KlinkTokensProperties properties) {
        List<KlinkTokensProperties.Ability> abilities = properties.getAbilities();
        if (abilities.isEmpty()) {
            return AbilityCatalog.unrestricted();
        }
        Set<String> declared = new HashSet<>();
        for (int i = 0; i < abilities.size(); i++) {
            KlinkTokensProperties.Ability ability = abilities.get(i);
            String name = "abilities[" + i + "]";
            if (!Abilities.isAbility(ability.getName())) {
                throw invalid(name + ".name", ability.getName(), "must be an ability: segment(:segment)* with "
                        + "segment = [a-z0-9][a-z0-9._-]*, at most 100 characters, e.g. orders:read");
            }
            if (!declared.add(ability.getName())) {
                throw invalid(name + ".name", ability.getName(), "is declared twice in klink.tokens.abilities");
            }
            String description = ability.getDescription();
            if (description == null || description.isBlank()) {
                throw invalid(name + ".description", description, "every ability needs a description (users see "
                        + "it when they choose abilities)");
            }
        }
        AbilityCatalog.Builder builder = AbilityCatalog.builder();
        for (int i = 0; i < abilities.size(); i++) {
            KlinkTokensProperties.Ability ability = abilities.get(i);
            List<String> implies = ability.getImplies();
            for (int j = 0; j < implies.size(); j++) {
                if (!declared.contains(implies.get(j))) {
                    throw invalid("abilities[" + i + "].implies[" + j + "]", implies.get(j), "implies an ability "
                            + "that is not declared in klink.tokens.abilities");
                }
            }
            builder.ability(String.valueOf(ability.getName()), String.valueOf(ability.getDescription()),
                    implies.toArray(String[]::new));
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

    static BearerErrorResponder responder(KlinkTokensProperties properties) {
        String realm = properties.getFilter().getRealm();
        try {
            return BearerErrorResponder.create(realm);
        } catch (IllegalArgumentException e) {
            throw invalid("filter.realm", realm, e.getMessage());
        }
    }
}
