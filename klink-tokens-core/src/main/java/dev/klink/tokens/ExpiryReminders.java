package dev.klink.tokens;

import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminds owners before their tokens expire: each {@link #send()} finds the active tokens that crossed a threshold
 * (by default 7 days and 1 day before their expiry) and emits a {@link TokenEvent.ExpiringSoon} to the service's
 * listeners, once per token and threshold across every node that shares the store.
 *
 * <pre>{@code
 * ExpiryReminders reminders = ExpiryReminders.of(tokens);              // 7 days and 1 day
 * scheduler.scheduleWithFixedDelay(reminders::send, 1, 1, TimeUnit.HOURS);
 * }</pre>
 *
 * <h2>Once, on every node together</h2>
 * A reminder is claimed in the store ({@link TokenStore#claimReminder}, an atomic insert-if-absent) before it is
 * emitted, and only the node whose claim wins emits it. So it is sent at most once: a node that stops between its
 * claim and its listeners loses that reminder rather than sending it twice. The runs of the nodes need no other
 * coordination.
 *
 * <h2>Only the most urgent</h2>
 * A token that has crossed several thresholds when a run first sees it (issued for 3 days, or the job was down for
 * a week) gets the reminder of the smallest threshold it crossed only, and the larger ones are claimed without an
 * event: an owner never gets "expires within 7 days" after "expires within 1 day", not even from a node whose clock
 * lags. A token with a scheduled revocation (rotated with a grace period) gets none: it stops before it expires.
 *
 * <p>Each instance remembers, for the tokens still inside the largest threshold, which reminders are settled, so a
 * run writes to the store only for new crossings. Thread-safe: runs of one instance take turns.
 */
public final class ExpiryReminders {

    private static final Logger log = LoggerFactory.getLogger(ExpiryReminders.class);

    /** 7 days and 1 day before expiry, as GitHub and GitLab remind. */
    public static final List<Duration> DEFAULT_THRESHOLDS = List.of(Duration.ofDays(7), Duration.ofDays(1));

    private final TokenService tokens;
    private final TokenStore store;
    /** Smallest first. */
    private final List<Duration> ascending;
    /** Per token inside the largest threshold: the smallest threshold whose reminder is known to be claimed. */
    private final Map<String, Duration> settled = new HashMap<>();

    private ExpiryReminders(TokenService tokens, List<Duration> ascending) {
        this.tokens = tokens;
        this.store = tokens.store();
        this.ascending = ascending;
    }

    /** Reminders at {@link #DEFAULT_THRESHOLDS}. */
    public static ExpiryReminders of(TokenService tokens) {
        return of(tokens, DEFAULT_THRESHOLDS);
    }

    /**
     * Reminders at each of {@code thresholds} before a token's expiry.
     *
     * @throws IllegalArgumentException when {@code thresholds} is empty, or holds a threshold that is not positive,
     *         not whole seconds, or given twice
     */
    public static ExpiryReminders of(TokenService tokens, List<Duration> thresholds) {
        Objects.requireNonNull(tokens, "tokens");
        if (thresholds.isEmpty()) {
            throw new IllegalArgumentException("thresholds must not be empty");
        }
        Set<Duration> distinct = new HashSet<>();
        for (Duration threshold : thresholds) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("thresholds must be positive, was " + threshold);
            }
            if (threshold.getNano() != 0) {
                throw new IllegalArgumentException("thresholds must be whole seconds, was " + threshold);
            }
            if (!distinct.add(threshold)) {
                throw new IllegalArgumentException("thresholds must be distinct, " + threshold + " is given twice");
            }
        }
        return new ExpiryReminders(tokens, distinct.stream().sorted().toList());
    }

    /** The thresholds, largest first. */
    public List<Duration> thresholds() {
        List<Duration> largestFirst = new ArrayList<>(ascending);
        largestFirst.sort(Comparator.reverseOrder());
        return List.copyOf(largestFirst);
    }

    /** The largest threshold: tokens expiring within it are "expiring soon". */
    public Duration largestThreshold() {
        return ascending.get(ascending.size() - 1);
    }

    /**
     * Emits the reminders that are due now and that no node sent before, to the service's listeners.
     *
     * @return the reminders this call emitted, soonest expiry first
     * @throws TokenStoreUnavailableException when the store cannot be read or a claim written; the reminders emitted
     *         before stay sent, and the next run picks up the rest
     */
    public synchronized List<TokenEvent.ExpiringSoon> send() {
        Instant now = tokens.clock().instant();
        List<TokenEvent.ExpiringSoon> sent = new ArrayList<>();
        Set<String> inWindow = new HashSet<>();
        for (StoredToken token : store.findExpiring(now, now.plus(largestThreshold()))) {
            inWindow.add(token.id());
            Instant expiresAt = token.expiresAt();
            if (expiresAt == null || token.revokedAt() != null || !expiresAt.isAfter(now)) {
                continue;
            }
            Duration remaining = Duration.between(now, expiresAt);
            if (remaining.compareTo(largestThreshold()) > 0) {
                continue;
            }
            int due = firstCrossed(remaining);
            Duration known = settled.get(token.id());
            if (known != null && known.compareTo(ascending.get(due)) <= 0) {
                continue;
            }
            if (store.claimReminder(token.id(), ascending.get(due), now)) {
                TokenEvent.ExpiringSoon event = new TokenEvent.ExpiringSoon(now, tokens.info(token, now),
                        ascending.get(due));
                tokens.emit(event);
                sent.add(event);
            }
            // the larger thresholds it crossed are claimed without an event: their reminders would come too late
            for (int larger = due + 1; larger < ascending.size(); larger++) {
                if (known == null || ascending.get(larger).compareTo(known) < 0) {
                    store.claimReminder(token.id(), ascending.get(larger), now);
                }
            }
            settled.put(token.id(), ascending.get(due));
        }
        settled.keySet().retainAll(inWindow);
        if (!sent.isEmpty()) {
            log.info("Sent {} token expiry reminders", sent.size());
        }
        return List.copyOf(sent);
    }

    /** The index of the smallest threshold at least {@code remaining}, which is at most the largest. */
    private int firstCrossed(Duration remaining) {
        for (int i = 0; i < ascending.size(); i++) {
            if (remaining.compareTo(ascending.get(i)) <= 0) {
                return i;
            }
        }
        return ascending.size() - 1;
    }

    @Override
    public String toString() {
        return "ExpiryReminders[thresholds=" + thresholds() + "]";
    }
}
