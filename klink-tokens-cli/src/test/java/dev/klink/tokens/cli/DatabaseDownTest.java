package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot be reached: exit code 3 and one line naming the URL, never the password (given in the URL,
 * in a file or in the environment), also with {@code --verbose}. Port 1 on the loopback refuses at once.
 */
class DatabaseDownTest {

    private static final String PASSWORD = "hunter2-secret";

    private final CliRunner cli = new CliRunner();

    @Test
    void listWhenPostgresDownThenExit3NamingTheUrlWithoutThePassword() {
        CliRunner.Result result = cli.run("list", "--tenant", "acme", "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/tokens?user=ops&password=" + PASSWORD);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("klink-tokens: Database unavailable at "
                + "jdbc:postgresql://127.0.0.1:1/tokens?user=ops&password=***: Connection to 127.0.0.1:1 refused. "
                + "Check that the hostname and port are correct and that the postmaster is accepting TCP/IP "
                + "connections.\n");
    }

    @Test
    void issueWhenDownWithPasswordFileThenExit3AndNoPasswordEvenVerbose(@TempDir Path dir) throws Exception {
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        cli.environment.put("KLINK_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/tokens");
        cli.environment.put("KLINK_JDBC_USER", "ops");

        CliRunner.Result result = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "x",
                "--password-file", passwordFile.toString(), "--verbose");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("klink-tokens: Database unavailable at "
                + "jdbc:postgresql://127.0.0.1:1/tokens: Connection to 127.0.0.1:1 refused.")
                .contains("\tat ")
                .doesNotContain(PASSWORD);
    }

    @Test
    void migrateWhenMariaDbDownWithPasswordInUserInfoThenNotEchoedEvenVerbose() {
        cli.environment.put("KLINK_JDBC_URL", "jdbc:mariadb://ops:" + PASSWORD + "@127.0.0.1:1/tokens");

        CliRunner.Result result = cli.run("migrate", "--verbose");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.err())
                .startsWith("klink-tokens: Database unavailable at jdbc:mariadb://ops:***@127.0.0.1:1/tokens: ")
                .doesNotContain(PASSWORD);
    }

    @Test
    void inspectWithoutCheckNeverNeedsTheDatabase() {
        cli.environment.put("KLINK_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/tokens");

        CliRunner.Result result = cli.run("inspect",
                "klink_pat_bGqJYr9AIPFyyHx5_oAT2zwAlD2blfV9jjps13StxXualfhYl09VCff");

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void inspectCheckWhenDownThenExit3() {
        cli.environment.put("KLINK_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/tokens");

        CliRunner.Result result = cli.run("inspect", "--check",
                "klink_pat_bGqJYr9AIPFyyHx5_oAT2zwAlD2blfV9jjps13StxXualfhYl09VCff");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.err())
                .startsWith("klink-tokens: Database unavailable at jdbc:postgresql://127.0.0.1:1/tokens: ");
    }
}
