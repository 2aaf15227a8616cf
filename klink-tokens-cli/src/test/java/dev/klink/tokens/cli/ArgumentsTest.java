package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong arguments and settings: exit code 2 and one clear line, before any database is touched. */
class ArgumentsTest {

    private final CliRunner cli = new CliRunner();

    @Test
    void noCommandThenUsageError() {
        assertThat(cli.run()).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: Missing command\nRun 'klink-tokens --help' for usage.\n"));
    }

    @Test
    void unknownCommandThenUsageError() {
        assertThat(cli.run("frobnicate")).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: Unmatched argument at index 0: 'frobnicate'\nRun 'klink-tokens --help' for usage.\n"));
    }

    @Test
    void missingRequiredOptionThenUsageErrorNamingIt() {
        assertThat(cli.run("list")).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: Missing required option: '--tenant=TENANT'\n"
                        + "Run 'klink-tokens list --help' for usage.\n"));
    }

    @Test
    void unknownStatusThenUsageErrorListingTheStatuses() {
        CliRunner.Result result = cli.run("list", "--tenant", "acme", "--status", "dormant");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("klink-tokens: Invalid value for option '--status': expected one of "
                + "[ACTIVE, EXPIRED, REVOKED, ROTATED] (case-insensitive) but was 'dormant'\n"
                + "Run 'klink-tokens list --help' for usage.\n");
    }

    @Test
    void noDatabaseGivenThenUsageError() {
        assertThat(cli.run("list", "--tenant", "acme")).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: No database given: use --jdbc-url URL or set KLINK_JDBC_URL\n"));
    }

    @Test
    void urlNoDriverTakesThenUsageErrorWithoutThePassword() {
        CliRunner.Result result = cli.run("list", "--tenant", "acme", "--jdbc-url",
                "jdbc:oracle:thin:@db;password=hunter2");

        assertThat(result).isEqualTo(new CliRunner.Result(2, "", "klink-tokens: No JDBC driver takes the URL "
                + "jdbc:oracle:thin:@db;password=*** (this jar has jdbc:h2:, jdbc:postgresql: and jdbc:mariadb: "
                + "drivers)\n"));
    }

    @Test
    void badDurationThenUsageErrorNamingTheOption() {
        assertThat(cli.run("prune", "--older-than", "ninety days", "--jdbc-url", "jdbc:h2:mem:unused"))
                .isEqualTo(new CliRunner.Result(2, "", "klink-tokens: --older-than must be a duration such as 30d, "
                        + "24h, 90m or PT1H, was 'ninety days'\n"));
    }

    @Test
    void missingConfigFileThenUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("application.yml");

        assertThat(cli.run("inspect", "x", "--config", missing.toString())).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: Cannot read the config file " + missing + ": NoSuchFileException " + missing + "\n"));
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CliRunner.Result result = cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("  migrate ", "  issue ", "  list ", "  show ", "  revoke ", "  rotate ",
                "  prune ", "  expiring ", "  inspect ", "  keygen ")
                .contains("Exit codes:\n  0   done\n  1   not found, invalid token, or nothing to do\n"
                        + "  2   usage error (arguments, options, settings)\n  3   database unavailable\n");
    }

    @Test
    void keygenPrintsA32ByteBase64KeyThatDiffersEachTime() {
        CliRunner.Result first = cli.run("keygen");
        CliRunner.Result second = cli.run("keygen");

        assertThat(first.exitCode()).isZero();
        assertThat(Base64.getDecoder().decode(first.line())).hasSize(32);
        assertThat(first.out()).isEqualTo(first.line() + "\n");
        assertThat(second.line()).isNotEqualTo(first.line());
        assertThat(first.err()).isEqualTo("Use it as klink.tokens.hashing.keys[0].secret with a new id "
                + "(klink.tokens.hashing.keys[0].id); keep the old key listed after it until its tokens are gone.\n");
        assertThat(Base64.getDecoder().decode(cli.run("keygen", "--bytes", "64").line())).hasSize(64);
    }

    @Test
    void keygenWhenShorterThan32BytesThenUsageError() {
        assertThat(cli.run("keygen", "--bytes", "16")).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: --bytes must be between 32 and 1024, was 16\n"));
    }

    @Test
    void passwordFileThatCannotBeReadThenUsageError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("missing-password");

        assertThat(cli.run("list", "--tenant", "acme", "--jdbc-url", "jdbc:h2:mem:x", "--password-file",
                file.toString())).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: Cannot read the password file " + file + ": NoSuchFileException\n"));
        assertThat(Files.exists(file)).isFalse();
    }
}
