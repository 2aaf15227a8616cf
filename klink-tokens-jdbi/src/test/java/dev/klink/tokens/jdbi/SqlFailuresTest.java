package dev.klink.tokens.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.TokenStoreUnavailableException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlFailuresTest {

    private static final String HINT = "run migrate()";

    @Test
    void unavailableWhenDriverGivesNoSqlStateThenPlainMessageWithoutHint() {
        // drivers leave the SQLState null for some connection failures (MariaDB's refused connection does)
        SQLException refused = new SQLException("Connection refused", (String) null);

        TokenStoreUnavailableException e = SqlFailures.unavailable("read token", "klink_tokens",
                new IllegalStateException(refused), HINT);

        assertThat(e).hasMessage("Token store could not read token in klink_tokens (SQLState null, error 0)");
    }

    @Test
    void unavailableWhenTableMissingThenMessageEndsWithTheHint() {
        SQLException missing = new SQLException("relation does not exist", "42P01");

        TokenStoreUnavailableException e = SqlFailures.unavailable("read token", "klink_tokens", missing, HINT);

        assertThat(e).hasMessage("Token store could not read token in klink_tokens (SQLState 42P01, error 0): "
                + HINT);
    }

    @Test
    void isDeadlockWhenInnoDbRolledBackOrSerializationFailedThenTrueOtherwiseFalse() {
        assertThat(SqlFailures.isDeadlock(new SQLException("Deadlock found", "40001", 1213))).isTrue();
        assertThat(SqlFailures.isDeadlock(new SQLException("wrapped",
                new SQLException("Deadlock found", (String) null, 1213)))).isTrue();
        assertThat(SqlFailures.isDeadlock(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(SqlFailures.isDeadlock(new SQLException("refused", (String) null))).isFalse();
    }
}
