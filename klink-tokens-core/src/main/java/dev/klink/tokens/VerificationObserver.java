package dev.klink.tokens;

/**
 * Told about every verification once it is decided, with how long it took: for metrics. Called synchronously on the
 * request thread, so keep it cheap (increment a counter, record a timer). An exception it throws is logged and does
 * not affect the result.
 */
@FunctionalInterface
public interface VerificationObserver {

    /**
     * @param result the outcome returned to the caller
     * @param elapsedNanos the time {@code verify} took, from {@link System#nanoTime()}
     */
    void onVerification(VerificationResult result, long elapsedNanos);
}
