package dev.klink.tokens;

import java.time.Duration;

/**
 * The rules every issued token follows: how long it may live, whether it may never expire, how many active tokens
 * one owner may hold, and what a name may look like.
 */
public final class TokenPolicy {

    public static final int MAX_NAME_LENGTH = 100;

    private static final TokenPolicy DEFAULTS = builder().build();

    private final Duration maxLifetime;
    private final Duration defaultLifetime;
    private final boolean allowNeverExpires;
    private final int maxActiveTokensPerOwner;
    private final int maxAbilitiesPerToken;

    private TokenPolicy(Builder builder) {
        this.maxLifetime = builder.maxLifetime;
        this.defaultLifetime = builder.defaultLifetime;
        this.allowNeverExpires = builder.allowNeverExpires;
        this.maxActiveTokensPerOwner = builder.maxActiveTokensPerOwner;
        this.maxAbilitiesPerToken = builder.maxAbilitiesPerToken;
    }

    /**
     * Max lifetime 366 days, default lifetime 30 days, no never-expiring tokens, 100 active tokens per owner, 64
     * abilities per token.
     */
    public static TokenPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The longest time between issue and expiry. */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** The lifetime of a token issued without an expiry. */
    public Duration defaultLifetime() {
        return defaultLifetime;
    }

    /** Whether a token may be issued without an expiry. */
    public boolean allowNeverExpires() {
        return allowNeverExpires;
    }

    /** How many active (neither expired nor revoked) tokens one owner may hold. */
    public int maxActiveTokensPerOwner() {
        return maxActiveTokensPerOwner;
    }

    /** How many abilities (wildcards included) one token may hold. */
    public int maxAbilitiesPerToken() {
        return maxAbilitiesPerToken;
    }

    /**
     * The name trimmed, if it is 1 to 100 characters without control characters.
     *
     * @throws InvalidTokenRequestException otherwise, with field {@code name}
     */
    public String normalizeName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidTokenRequestException("name", "name must not be blank");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_LENGTH) {
            throw new InvalidTokenRequestException("name", "name must be at most " + MAX_NAME_LENGTH
                    + " characters");
        }
        if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidTokenRequestException("name", "name must not contain control characters");
        }
        return trimmed;
    }

    @Override
    public String toString() {
        return "TokenPolicy[maxLifetime=" + maxLifetime + ", defaultLifetime=" + defaultLifetime
                + ", allowNeverExpires=" + allowNeverExpires + ", maxActiveTokensPerOwner=" + maxActiveTokensPerOwner
                + ", maxAbilitiesPerToken=" + maxAbilitiesPerToken + "]";
    }

    public static final class Builder {

        private Duration maxLifetime = Duration.ofDays(366);
        private Duration defaultLifetime = Duration.ofDays(30);
        private boolean allowNeverExpires;
        private int maxActiveTokensPerOwner = 100;
        private int maxAbilitiesPerToken = 64;

        private Builder() {
        }

        public Builder maxLifetime(Duration maxLifetime) {
            if (maxLifetime.isNegative() || maxLifetime.isZero()) {
                throw new IllegalArgumentException("maxLifetime must be positive, was " + maxLifetime);
            }
            this.maxLifetime = maxLifetime;
            return this;
        }

        public Builder defaultLifetime(Duration defaultLifetime) {
            if (defaultLifetime.isNegative() || defaultLifetime.isZero()) {
                throw new IllegalArgumentException("defaultLifetime must be positive, was " + defaultLifetime);
            }
            this.defaultLifetime = defaultLifetime;
            return this;
        }

        public Builder allowNeverExpires(boolean allowNeverExpires) {
            this.allowNeverExpires = allowNeverExpires;
            return this;
        }

        public Builder maxActiveTokensPerOwner(int maxActiveTokensPerOwner) {
            if (maxActiveTokensPerOwner < 1) {
                throw new IllegalArgumentException("maxActiveTokensPerOwner must be at least 1, was "
                        + maxActiveTokensPerOwner);
            }
            this.maxActiveTokensPerOwner = maxActiveTokensPerOwner;
            return this;
        }

        /** How many abilities one token may hold (64 by default); issuing more is refused. */
        public Builder maxAbilitiesPerToken(int maxAbilitiesPerToken) {
            if (maxAbilitiesPerToken < 1) {
                throw new IllegalArgumentException("maxAbilitiesPerToken must be at least 1, was "
                        + maxAbilitiesPerToken);
            }
            this.maxAbilitiesPerToken = maxAbilitiesPerToken;
            return this;
        }

        public TokenPolicy build() {
            if (defaultLifetime.compareTo(maxLifetime) > 0) {
                throw new IllegalArgumentException("defaultLifetime (" + defaultLifetime
                        + ") must not exceed maxLifetime (" + maxLifetime + ")");
            }
            return new TokenPolicy(this);
        }
    }
}
