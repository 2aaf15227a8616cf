package dev.klink.tokens.spring.autoconfigure;

import static dev.klink.tokens.spring.autoconfigure.PropertyChecks.invalid;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.servlet.Access;
import dev.klink.tokens.servlet.AccessRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns {@code klink.tokens.filter.*} into the rules of the {@link KlinkTokensFilterAutoConfiguration} filter. */
final class FilterSettings {

    private FilterSettings() {
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

    private static List<String> requireAbilities(String name, KlinkTokensProperties.Rule rule) {
        if (rule.getAbilities().isEmpty()) {
            throw invalid(name, rule.getAbilities(), "access '" + rule.getAccess().name().toLowerCase(
                    Locale.ROOT) + "' needs at least one ability");
        }
        return rule.getAbilities();
    }
}
