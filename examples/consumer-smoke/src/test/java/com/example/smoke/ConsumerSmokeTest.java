package com.example.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsumerSmokeTest {

    @Test
    void issueVerifyRevokeWhenUsedThroughTheBomThenEachStepAnswersAsDocumented() {
        String summary = ConsumerSmoke.run("jdbc:h2:mem:consumer-smoke-test;DB_CLOSE_DELAY=-1");

        assertTrue(summary.matches("consumer-smoke OK: issued, verified and revoked token [0-9A-Za-z]{16}"), summary);
    }
}
