package dev.klink.tokens.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.klink.tokens.DuplicateTokenIdException;
import dev.klink.tokens.InMemoryTokenStore;
import dev.klink.tokens.page.Page;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.spi.Revocation;
import dev.klink.tokens.spi.StoredToken;
import dev.klink.tokens.spi.TokenStore;
import dev.klink.tokens.spi.UsageUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the contract against stores with one typical fault each (the kind an SQL store gets from a column type or
 * collation) and checks that the tests meant to catch it fail. The faulty stores are static nested classes, so
 * the build never runs them directly.
 */
class TokenStoreContractCatchesFaultsTest {

    @Test
    void contractWhenStoreIsCorrectThenNoTestFails() {
        Outcome outcome = run(Correct.class);
        assertThat(outcome.failed).isEmpty();
        assertThat(outcome.started).isGreaterThan(60);
    }

    @Test
    void contractWhenTimestampsTruncatedToMillisThenRoundTripTestsFail() {
        assertThat(failedTests(TruncatesToMillis.class)).contains(
                "insertThenFindByIdReturnsEveryFieldExactly",
                "insertWhenTimestampsHaveMicrosecondsThenKeptToTheMicrosecond");
    }

    @Test
    void contractWhenIdsUniqueIgnoringCaseThenCaseTestFails() {
        assertThat(failedTests(CaseInsensitiveIds.class)).contains("insertWhenIdsDifferOnlyInCaseThenBothKept");
    }

    @Test
    void contractWhenTiesOrderedIgnoringCaseThenOrderingTestsFail() {
        assertThat(failedTests(CaseInsensitiveTieOrder.class)).containsExactlyInAnyOrder(
                "listByOwnerWhenCreatedAtTiesThenIdDescendingByCodePoint",
                "listByTenantWhenCreatedAtTiesThenIdDescendingByCodePoint");
    }

    @Test
    void contractWhenFindIgnoresTenantThenIsolationTestsFail() {
        assertThat(failedTests(FindIgnoresTenant.class)).contains(
                "findWhenTokenInAnotherTenantThenEmpty",
                "insertWhenIdExistsInAnotherTenantThenDuplicateTokenIdException",
                "tenantTakingMethodsNeverSeeOrChangeAnotherTenantsToken",
                "tenantIdsDifferingOnlyInCaseAreDifferentTenants");
    }

    @Test
    void contractWhenRevokeReportsUnchangedTokensThenIdempotencyTestsFail() {
        assertThat(failedTests(RevokeAlwaysReportsChange.class)).contains(
                "revokeWhenAlreadyRevokedThenReturnsFalseAndKeepsFirstActor",
                "revokeWhenAlreadyRevokedAtTheSameInstantThenReturnsFalseAndKeepsFirstActor",
                "revokeWhenScheduledEarlierThanRequestedThenReturnsFalseAndKeepsSchedule",
                "revokeWhenManyThreadsRevokeAtOnceThenExactlyOneSucceeds");
    }

    @Test
    void contractWhenRevokedTokenCanBeRotatedThenRotationTestsFail() {
        assertThat(failedTests(RotatesRevokedTokens.class)).containsExactlyInAnyOrder(
                "markRotatedWhenAlreadyRevokedThenReturnsFalseAndChangesNothing",
                "markRotatedWhenRevokedAtTheSameInstantThenReturnsFalseAndChangesNothing",
                "markRotatedWhenRevocationScheduledThenReturnsFalseAndKeepsSchedule");
    }

    @Test
    void contractWhenOwnerLimitIgnoredThenLimitTestsFail() {
        assertThat(failedTests(IgnoresOwnerLimit.class)).containsExactlyInAnyOrder(
                "insertWithinLimitWhenBelowLimitThenInsertsAndAtLimitThenRefusesAndChangesNothing",
                "insertWithinLimitWhenManyThreadsInsertForOneOwnerThenExactlyTheLimitSucceeds");
    }

    @Test
    void contractWhenUsageBatchPartlyWrittenThenBatchTestFails() {
        assertThat(failedTests(UsageWritesFirstOnly.class)).contains(
                "recordUsageWritesSeveralTokensInOneBatch",
                "recordUsageWhenUnknownIdThenIgnoredAndOthersWritten");
    }

    @Test
    void contractWhenPruneDeletesAtCutoffThenBoundaryTestFails() {
        assertThat(failedTests(PruneIncludesCutoff.class)).containsExactly(
                "deleteInactiveBeforeDeletesOnlyTokensExpiredOrRevokedStrictlyBeforeCutoff");
    }

    @Test
    void contractWhenExpiringWindowIncludesFromThenWindowTestFails() {
        assertThat(failedTests(ExpiringIncludesFrom.class)).containsExactly(
                "findExpiringReturnsUnrevokedTokensOfEveryTenantExpiringInTheHalfOpenWindowSoonestFirst");
    }

    @Test
    void contractWhenTokenExpiringNowCountsAsActiveThenBoundaryTestFails() {
        assertThat(failedTests(CountsExpiringNowAsActive.class)).contains(
                "countActiveByOwnerCountsOnlyActiveTokensAtTheBoundaries");
    }

    @Test
    void contractWhenTotalCountsOnlyThePageThenPagingTestsFail() {
        assertThat(failedTests(TotalIsPageSize.class)).containsExactly(
                "listByTenantWhenPagedThenFullPagesPartialLastPageAndEmptyBeyond");
    }

    @Test
    void contractWhenReminderClaimsAreNotSharedThenRaceTestFails() {
        assertThat(failedTests(ClaimsPerThread.class)).contains(
                "claimReminderWhenManyThreadsRaceOnManyTokensThenEachPairClaimedExactlyOnce");
    }

    private static List<String> failedTests(Class<? extends TokenStoreContract> contract) {
        return run(contract).failed;
    }

    private static Outcome run(Class<? extends TokenStoreContract> contract) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(contract))
                .build();
        Outcome outcome = new Outcome();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, outcome);
        return outcome;
    }

    private static final class Outcome implements TestExecutionListener {

        private final List<String> failed = new ArrayList<>();
        private int started;

        @Override
        public synchronized void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
                started++;
            }
        }

        @Override
        public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failed.add(test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                        .map(MethodSource::getMethodName).orElse(test.getDisplayName()));
            }
        }
    }

    /** Forwards everything to an {@link InMemoryTokenStore}; each faulty store overrides one behaviour. */
    private static class ForwardingStore extends ForwardingTokenStore {

        final InMemoryTokenStore delegate = new InMemoryTokenStore();

        @Override
        protected TokenStore delegate() {
            return delegate;
        }
    }

    static class Correct extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore();
        }
    }

    /** Like an UPDATE whose WHERE forgets {@code revoked_at IS NULL}: reports a revoked token as rotated. */
    static class RotatesRevokedTokens extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public boolean markRotated(String tenantId, String oldId, String newId, Revocation revocation) {
                    Optional<StoredToken> old = delegate.find(tenantId, oldId);
                    return delegate.markRotated(tenantId, oldId, newId, revocation)
                            || old.filter(token -> token.rotatedToId() == null).isPresent();
                }
            };
        }
    }

    /** Inserts without looking at the owner's active tokens. */
    static class IgnoresOwnerLimit extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public boolean insertWithinLimit(StoredToken token, long maxActive, Instant now) {
                    delegate.insert(token);
                    return true;
                }
            };
        }
    }

    /** Like a {@code DATETIME(3)} column. */
    static class TruncatesToMillis extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public void insert(StoredToken t) {
                    super.insert(t.toBuilder().createdAt(Objects.requireNonNull(millis(t.createdAt())))
                            .expiresAt(millis(t.expiresAt()))
                            .revocation(millis(t.revokedAt()), t.revokedBy(), t.revokeReason())
                            .lastUsed(millis(t.lastUsedAt()), t.lastUsedIp()).build());
                }
            };
        }

        private static @Nullable Instant millis(@Nullable Instant instant) {
            return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** Like a unique key under a case-insensitive collation. */
    static class CaseInsensitiveIds extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            Set<String> keys = ConcurrentHashMap.newKeySet();
            return new ForwardingStore() {
                @Override
                public void insert(StoredToken token) {
                    if (!keys.add(token.id().toLowerCase(Locale.ROOT))) {
                        throw new DuplicateTokenIdException(token.id());
                    }
                    super.insert(token);
                }
            };
        }
    }

    /** Like {@code ORDER BY created_at DESC, id DESC} under a case-insensitive collation. */
    static class CaseInsensitiveTieOrder extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            Comparator<StoredToken> order = Comparator.comparing(StoredToken::createdAt)
                    .thenComparing(StoredToken::id, String.CASE_INSENSITIVE_ORDER).reversed();
            return new ForwardingStore() {
                @Override
                public Page<StoredToken> listByOwner(String tenantId, String ownerId, PageRequest page) {
                    return reorder(super.listByOwner(tenantId, ownerId, PageRequest.first(PageRequest.MAX_SIZE)),
                            page);
                }

                @Override
                public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
                    return reorder(super.listByTenant(tenantId, PageRequest.first(PageRequest.MAX_SIZE)), page);
                }

                private Page<StoredToken> reorder(Page<StoredToken> all, PageRequest page) {
                    List<StoredToken> sorted = all.items().stream().sorted(order).toList();
                    int from = (int) Math.min(page.offset(), sorted.size());
                    int to = Math.min(from + page.size(), sorted.size());
                    return Page.of(sorted.subList(from, to), page, all.totalItems());
                }
            };
        }
    }

    static class FindIgnoresTenant extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public Optional<StoredToken> find(String tenantId, String id) {
                    return findById(id);
                }
            };
        }
    }

    static class RevokeAlwaysReportsChange extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public boolean revoke(String tenantId, String id, Revocation revocation) {
                    return super.revoke(tenantId, id, revocation) || find(tenantId, id).isPresent();
                }
            };
        }
    }

    static class UsageWritesFirstOnly extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public void recordUsage(Collection<UsageUpdate> updates) {
                    super.recordUsage(updates.stream().limit(1).toList());
                }
            };
        }
    }

    /** Deletes with {@code <= cutoff} instead of {@code < cutoff}. */
    static class PruneIncludesCutoff extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public int deleteInactiveBefore(Instant cutoff) {
                    return super.deleteInactiveBefore(cutoff.plus(1, ChronoUnit.MICROS));
                }
            };
        }
    }

    /** Selects {@code expires_at >= from} instead of {@code > from}. */
    static class ExpiringIncludesFrom extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public List<StoredToken> findExpiring(Instant from, Instant until) {
                    return super.findExpiring(from.minus(1, ChronoUnit.MICROS), until);
                }
            };
        }
    }

    /** Counts {@code expires_at >= now} instead of {@code > now}. */
    static class CountsExpiringNowAsActive extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public long countActiveByOwner(String tenantId, String ownerId, Instant now) {
                    TreeSet<String> counted = new TreeSet<>();
                    for (StoredToken token : delegate.listByOwner(tenantId, ownerId,
                            PageRequest.first(PageRequest.MAX_SIZE)).items()) {
                        boolean revoked = token.revokedAt() != null && !token.revokedAt().isAfter(now);
                        boolean expired = token.expiresAt() != null && token.expiresAt().isBefore(now);
                        if (!revoked && !expired) {
                            counted.add(token.id());
                        }
                    }
                    return counted.size();
                }
            };
        }
    }

    static class TotalIsPageSize extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            return new ForwardingStore() {
                @Override
                public Page<StoredToken> listByTenant(String tenantId, PageRequest page) {
                    Page<StoredToken> real = super.listByTenant(tenantId, page);
                    return Page.of(real.items(), page, real.items().size());
                }
            };
        }
    }

    /** Keeps reminder claims where only the claiming thread sees them, as a node's memory instead of the store. */
    static class ClaimsPerThread extends TokenStoreContract {
        @Override
        protected TokenStore createStore(MutableClock clock) {
            ThreadLocal<InMemoryTokenStore> claims = ThreadLocal.withInitial(InMemoryTokenStore::new);
            return new ForwardingStore() {
                @Override
                public boolean claimReminder(String tokenId, Duration threshold, Instant at) {
                    return claims.get().claimReminder(tokenId, threshold, at);
                }
            };
        }
    }
}
