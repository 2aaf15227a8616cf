package dev.klink.tokens;

import static dev.klink.tokens.VerificationResults.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationObserverTest {

    @Test
    void verifyWhenObserverRegisteredThenToldEveryOutcome() {
        List<VerificationResult> seen = new ArrayList<>();
        TokenService tokens = TokenService.builder(new InMemoryTokenStore()).clock(new TestClock())
                .backgroundUsageFlush(false)
                .verificationObserver((result, elapsedNanos) -> seen.add(result))
                .build();
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());

        VerificationResult valid = tokens.verify(issued.plaintext());
        VerificationResult malformed = tokens.verify("nope");

        assertThat(seen).containsExactly(valid, malformed);
        assertThat(failureOf(seen.get(1))).isEqualTo(VerificationFailure.MALFORMED);
    }

    @Test
    void verifyWhenObserverThrowsThenResultUnaffected() {
        TokenService tokens = TokenService.builder(new InMemoryTokenStore()).clock(new TestClock())
                .backgroundUsageFlush(false)
                .verificationObserver((result, elapsedNanos) -> {
                    throw new IllegalStateException("boom");
                })
                .build();
        IssuedToken issued = tokens.issue(IssueRequest.builder("acme", "alice").name("ci").build());

        assertThat(tokens.verify(issued.plaintext()).isValid()).isTrue();
    }
}
