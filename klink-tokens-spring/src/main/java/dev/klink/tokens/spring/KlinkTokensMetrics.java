package dev.klink.tokens.spring;

import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationObserver;
import dev.klink.tokens.VerificationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of token verification:
 * <ul>
 * <li>{@value #VERIFICATIONS} counter, tags {@code outcome} ({@code valid}, {@code invalid}) and {@code reason}
 * ({@code none}, or the lower-case {@link VerificationFailure}, e.g. {@code secret_mismatch});</li>
 * <li>{@value #VERIFICATION_TIMER} timer, tag {@code outcome};</li>
 * <li>{@value #PENDING_USAGE} gauge (registered by the auto-configuration): last-used times waiting to be
 * written.</li>
 * </ul>
 * Every meter is created up front, so recording costs a map lookup and an increment, no allocation.
 */
public final class KlinkTokensMetrics implements VerificationObserver {

    public static final String VERIFICATIONS = "klink.tokens.verifications";
    public static final String VERIFICATION_TIMER = "klink.tokens.verification.duration";
    public static final String PENDING_USAGE = "klink.tokens.usage.pending";

    private final Counter valid;
    private final Map<VerificationFailure, Counter> invalid = new EnumMap<>(VerificationFailure.class);
    private final Timer validTimer;
    private final Timer invalidTimer;

    public KlinkTokensMetrics(MeterRegistry registry) {
        this.valid = Counter.builder(VERIFICATIONS).description("Token verifications by outcome and reason")
                .tag("outcome", "valid").tag("reason", "none").register(registry);
        for (VerificationFailure failure : VerificationFailure.values()) {
            invalid.put(failure, Counter.builder(VERIFICATIONS)
                    .description("Token verifications by outcome and reason")
                    .tag("outcome", "invalid").tag("reason", failure.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        this.validTimer = Timer.builder(VERIFICATION_TIMER).description("Time to verify a token")
                .tag("outcome", "valid").register(registry);
        this.invalidTimer = Timer.builder(VERIFICATION_TIMER).description("Time to verify a token")
                .tag("outcome", "invalid").register(registry);
    }

    @Override
    public void onVerification(VerificationResult result, long elapsedNanos) {
        if (result instanceof VerificationResult.Failed failed) {
            Objects.requireNonNull(invalid.get(failed.failure())).increment(); // one counter per failure
            invalidTimer.record(elapsedNanos, TimeUnit.NANOSECONDS);
        } else {
            valid.increment();
            validTimer.record(elapsedNanos, TimeUnit.NANOSECONDS);
        }
    }
}
