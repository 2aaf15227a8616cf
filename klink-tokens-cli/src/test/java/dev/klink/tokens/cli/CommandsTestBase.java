package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.ParsedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.testing.VerificationResultAssert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every database command of {@code klink-tokens}, run in-process against one database: exact output, JSON shape and
 * exit codes. Subclasses give the database.
 */
abstract class CommandsTestBase {

    final CliRunner cli = new CliRunner();
    String url = "";
    Path config = Path.of("");

    /** The JDBC URL of an empty database the test may create tables in (or a skipped test). */
    abstract String jdbcUrl();

    /** The tables of this class: {@code <prefix>tokens}, {@code <prefix>schema_version}. */
    abstract String tablePrefix();

    /** How {@code migrate} names the database. */
    abstract String dialect();

    @BeforeEach
    void createSchema(@TempDir Path dir) throws IOException {
        url = jdbcUrl();
        TestDatabases.dropTables(url, tablePrefix());
        config = dir.resolve("application.properties");
        Files.writeString(config, "klink.tokens.jdbc.table-prefix=" + tablePrefix() + "\n");
        cli.environment.put("KLINK_JDBC_URL", url);
        cli.commonOptions.addAll(List.of("--config", config.toString()));
        assertThat(cli.run("migrate").exitCode()).isZero();
    }

    // ---------------------------------------------------------------- migrate

    @Test
    void migrateWhenRunAgainThenSchemaUpToDate() {
        CliRunner.Result result = cli.run("migrate");

        assertThat(result).isEqualTo(new CliRunner.Result(0, "Schema up to date: " + tablePrefix() + "tokens and "
                + tablePrefix() + "schema_version on " + dialect() + "\n", ""));
    }

    @Test
    void listBeforeMigrateThenUsageErrorSayingToMigrate() {
        TestDatabases.dropTables(url, tablePrefix());

        assertThat(cli.run("list", "--tenant", "acme")).isEqualTo(new CliRunner.Result(2, "", "klink-tokens: No table "
                + tablePrefix() + "tokens in the database at " + Redaction.url(url) + ": run 'klink-tokens migrate', "
                + "or check klink.tokens.jdbc.table-prefix in --config\n"));
    }

    // ---------------------------------------------------------------- issue

    @Test
    void issueThenOnlyTheTokenOnStandardOutputAndItVerifies() {
        CliRunner.Result result = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy",
                "--ability", "orders:read", "orders:write", "--expires", "30d");

        assertThat(result.exitCode()).isZero();
        ParsedToken token = Objects.requireNonNull(TokenFormat.parse(result.line()));
        assertThat(result.out()).isEqualTo(token.token() + "\n");
        assertThat(token.prefix()).isEqualTo("klink_pat");
        assertThat(result.err()).isEqualTo("Issued token " + token.id() + " \"CI deploy\" to alice in tenant acme, "
                + "expires 2026-12-30T10:00:00Z. It is shown only this once.\n");
        try (TokenService service = service()) {
            var verified = service.verify(token.token(), "acme", AbilityCheck.all("orders:write"), null);
            assertThat(verified.isValid()).isTrue();
            assertThat(verified.requirePrincipal().ownerId()).isEqualTo("alice");
        }
    }

    @Test
    void issueWhenAllowIpThenTokenRefusedFromOutsideAndValidFromInside() {
        CliRunner.Result result = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "Office",
                "--allow-ip", "10.0.0.0/8,2001:DB8::/32", "--allow-ip", "192.0.2.7", "--expires", "30d");

        assertThat(result.exitCode()).as(result.err()).isZero();
        ParsedToken token = Objects.requireNonNull(TokenFormat.parse(result.line()));
        assertThat(result.err()).isEqualTo("Issued token " + token.id() + " \"Office\" to alice in tenant acme, "
                + "expires 2026-12-30T10:00:00Z, allowed from 10.0.0.0/8, 2001:db8::/32, 192.0.2.7/32. It is shown "
                + "only this once.\n");
        try (TokenService service = service()) {
            assertThat(service.verify(token.token(), "acme", AbilityCheck.none(), "10.1.2.3").isValid()).isTrue();
            assertThat(service.verify(token.token(), "acme", AbilityCheck.none(), "198.51.100.1"))
                    .isInstanceOfSatisfying(VerificationResult.Failed.class, failed -> assertThat(failed.failure())
                            .isEqualTo(VerificationFailure.IP_NOT_ALLOWED));
        }
    }

    @Test
    void issueWhenAllowIpMalformedThenUsageErrorNamingItAndNothingIssued() {
        CliRunner.Result result = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "Office",
                "--allow-ip", "10.0.0.0/33");

        assertThat(result).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: '10.0.0.0/33' has a prefix longer than 32 bits\n"));
        assertThat(cli.run("list", "--tenant", "acme").out()).isEmpty();
    }

    @Test
    void issueWhenExpiresIsADateThenMidnightUtcOfThatDay() {
        String id = issue("acme", "alice", "Laptop", "--expires", "2027-01-31");

        assertThat(cli.run("show", id, "--tenant", "acme").out()).contains("expires:       2027-01-31T00:00:00Z\n");
    }

    @Test
    void issueWhenNeverExpiresAndPolicyForbidsThenUsageErrorAndNothingIssued() {
        CliRunner.Result result = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "Forever",
                "--expires", "never");

        assertThat(result).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: Tokens must expire; the longest lifetime allowed is 366 days\n"));
        assertThat(cli.run("list", "--tenant", "acme").out()).isEmpty();
    }

    @Test
    void issueWhenExpiresHasNoUnitThenUsageError() {
        CliRunner.Result result = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "x",
                "--expires", "30");

        assertThat(result).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: --expires needs a unit, e.g. 30d, 24h or 90m, was '30'\n"));
    }

    // ---------------------------------------------------------------- list

    @Test
    void listPrintsAnAlignedTableNewestFirst() {
        String ci = issue("acme", "alice", "CI deploy", "--ability", "orders:read,orders:write", "--expires", "30d");
        cli.clock.advance(Duration.ofHours(1));
        String laptop = issue("acme", "bob", "Laptop", "--ability", "orders:read", "--expires", "2027-01-31");
        issue("globex", "carol", "Elsewhere");
        assertThat(cli.run("revoke", laptop, "--tenant", "acme").exitCode()).isZero();

        CliRunner.Result result = cli.run("list", "--tenant", "acme");

        assertThat(result).isEqualTo(new CliRunner.Result(0, ""
                + "ID                NAME       OWNER  ABILITIES                 CREATED               LAST USED  "
                + "EXPIRES               STATUS\n"
                + laptop + "  Laptop     bob    orders:read               2026-11-30T11:00:00Z  never      "
                + "2027-01-31T00:00:00Z  revoked\n"
                + ci + "  CI deploy  alice  orders:read,orders:write  2026-11-30T10:00:00Z  never      "
                + "2026-12-30T10:00:00Z  active\n", ""));
    }

    @Test
    void listWhenOwnerAndStatusThenOnlyThoseTokens() {
        String kept = issue("acme", "alice", "Kept");
        cli.clock.advance(Duration.ofSeconds(1));
        String revoked = issue("acme", "alice", "Gone");
        issue("acme", "bob", "Bob's");
        cli.run("revoke", revoked, "--tenant", "acme");

        assertThat(ids(cli.run("list", "--tenant", "acme", "--owner", "alice", "--json")))
                .containsExactly(revoked, kept);
        assertThat(ids(cli.run("list", "--tenant", "acme", "--status", "ACTIVE", "--json"))).hasSize(2)
                .contains(kept).doesNotContain(revoked);
        assertThat(ids(cli.run("list", "--tenant", "acme", "--owner", "alice", "--status", "revoked", "--json")))
                .containsExactly(revoked);
    }

    @Test
    void listWhenNoTokensThenMessageOnStandardErrorAndExit0() {
        assertThat(cli.run("list", "--tenant", "acme", "--owner", "alice", "--status", "expired"))
                .isEqualTo(new CliRunner.Result(0, "",
                        "No tokens in tenant acme of owner alice with status expired.\n"));
    }

    @Test
    void listJsonIsOneDocumentWithStableFieldsAndNoHash() {
        String id = issue("acme", "alice", "CI deploy", "--ability", "orders:write,orders:read", "--expires", "7d");

        JsonNode root = json(cli.run("list", "--tenant", "acme", "--json"));

        assertThat(fieldNames(root)).containsExactly("tokens");
        JsonNode token = root.get("tokens").get(0);
        assertThat(fieldNames(token)).containsExactly("id", "hint", "tenant", "owner", "name", "abilities", "status",
                "createdAt", "expiresAt", "lastUsedAt", "lastUsedIp", "revokedAt", "revokedBy", "revokeReason",
                "rotatedFromId", "rotatedToId", "metadata");
        assertThat(token.get("id").asString()).isEqualTo(id);
        assertThat(token.get("hint").asString()).isEqualTo("klink_pat_" + id + "_\u2026");
        assertThat(token.get("abilities").toString()).isEqualTo("[\"orders:read\",\"orders:write\"]");
        assertThat(token.get("status").asString()).isEqualTo("active");
        assertThat(token.get("createdAt").asString()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(token.get("expiresAt").asString()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(token.get("lastUsedAt").isNull()).isTrue();
        assertThat(token.get("metadata").size()).isZero();
    }

    // ---------------------------------------------------------------- show

    @Test
    void showPrintsEveryFieldButTheHash() {
        String token = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy",
                "--ability", "orders:read", "--expires", "30d").line();
        String id = Objects.requireNonNull(TokenFormat.parse(token)).id();
        cli.clock.advance(Duration.ofMinutes(30));
        try (TokenService service = service()) {
            assertThat(service.verify(token, "acme", AbilityCheck.none(), "203.0.113.7").isValid()).isTrue();
        }
        cli.clock.advance(Duration.ofMinutes(30));
        cli.run("revoke", id, "--tenant", "acme", "--reason", "leaked", "--actor", "ops:dana");

        CliRunner.Result result = cli.run("show", id, "--tenant", "acme");

        assertThat(result).isEqualTo(new CliRunner.Result(0, ""
                + "id:            " + id + "\n"
                + "hint:          klink_pat_" + id + "_\u2026\n"
                + "tenant:        acme\n"
                + "owner:         alice\n"
                + "name:          CI deploy\n"
                + "abilities:     orders:read\n"
                + "status:        revoked\n"
                + "created:       2026-11-30T10:00:00Z\n"
                + "expires:       2026-12-30T10:00:00Z\n"
                + "last used:     2026-11-30T10:30:00Z from 203.0.113.7\n"
                + "revoked:       2026-11-30T11:00:00Z by ops:dana (leaked)\n"
                + "rotated from:  -\n"
                + "rotated to:    -\n"
                + "metadata:      -\n", ""));
    }

    @Test
    void showWhenRevokeReasonHasControlCharactersThenTheyCannotReachTheTerminal() {
        String id = issue("acme", "alice", "CI deploy");
        cli.run("revoke", id, "--tenant", "acme", "--reason", "\u001b[2Jwiped\nline");

        assertThat(cli.run("show", id, "--tenant", "acme").out())
                .contains("revoked:       2026-11-30T10:00:00Z by cli (?[2Jwiped?line)\n")
                .doesNotContain("\u001b");
    }

    @Test
    void showJsonIsTheTokenObject() {
        String id = issue("acme", "alice", "CI deploy");

        JsonNode token = json(cli.run("show", id, "--tenant", "acme", "--json"));

        assertThat(token.get("id").asString()).isEqualTo(id);
        assertThat(token.get("owner").asString()).isEqualTo("alice");
        assertThat(token.has("hash")).isFalse();
    }

    @Test
    void showWhenOtherTenantThenNotFound() {
        String id = issue("acme", "alice", "CI deploy");

        assertThat(cli.run("show", id, "--tenant", "globex"))
                .isEqualTo(new CliRunner.Result(1, "", "klink-tokens: No token " + id + " in tenant globex\n"));
    }

    @Test
    void showWhenGivenAWholeTokenThenUsageErrorWithoutEchoingIt() {
        String token = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "x").line();

        CliRunner.Result result = cli.run("show", token, "--tenant", "acme");

        assertThat(result).isEqualTo(new CliRunner.Result(2, "", "klink-tokens: ID must be a token id: the 16 letters "
                + "and digits after the prefix (to look at a whole token, use 'inspect -')\n"));
    }

    // ---------------------------------------------------------------- revoke

    @Test
    void revokeThenTheTokenStopsWorking() {
        String token = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy").line();
        String id = Objects.requireNonNull(TokenFormat.parse(token)).id();

        CliRunner.Result result = cli.run("revoke", id, "--tenant", "acme", "--reason", "leaked");

        assertThat(result).isEqualTo(new CliRunner.Result(0,
                "Revoked token " + id + " \"CI deploy\" of alice in tenant acme.\n", ""));
        try (TokenService service = service()) {
            VerificationResultAssert.assertThat(service.verify(token)).isFailed(VerificationFailure.REVOKED);
        }
        assertThat(cli.run("show", id, "--tenant", "acme").out())
                .contains("revoked:       2026-11-30T10:00:00Z by cli (leaked)\n");
    }

    @Test
    void revokeWhenAlreadyRevokedThenNothingToDo() {
        String id = issue("acme", "alice", "CI deploy");
        cli.run("revoke", id, "--tenant", "acme");
        cli.clock.advance(Duration.ofMinutes(5));

        assertThat(cli.run("revoke", id, "--tenant", "acme")).isEqualTo(new CliRunner.Result(1, "",
                "klink-tokens: Token " + id + " was already revoked at 2026-11-30T10:00:00Z\n"));
    }

    @Test
    void revokeWhenUnknownIdThenNotFound() {
        assertThat(cli.run("revoke", "AAAAAAAAAAAAAAAA", "--tenant", "acme")).isEqualTo(new CliRunner.Result(1, "",
                "klink-tokens: No token AAAAAAAAAAAAAAAA in tenant acme\n"));
    }

    @Test
    void revokeAllWithYesThenEveryActiveTokenOfTheOwnerOnly() {
        issue("acme", "alice", "One");
        issue("acme", "alice", "Two");
        String bobs = issue("acme", "bob", "Bob's");

        CliRunner.Result result = cli.run("revoke", "--tenant", "acme", "--owner", "alice", "--all", "--yes");

        assertThat(result).isEqualTo(new CliRunner.Result(0, "Revoked 2 tokens of alice in tenant acme.\n", ""));
        assertThat(ids(cli.run("list", "--tenant", "acme", "--status", "active", "--json"))).containsExactly(bobs);
    }

    @Test
    void revokeAllWhenNotOnATerminalAndNoYesThenRefusedAndNothingRevoked() {
        issue("acme", "alice", "One");

        CliRunner.Result result = cli.run("revoke", "--tenant", "acme", "--owner", "alice", "--all");

        assertThat(result).isEqualTo(new CliRunner.Result(2, "", "klink-tokens: Revoke all 1 active tokens of alice "
                + "in tenant acme? Not asked, as input is not a terminal: add --yes\n"));
        assertThat(ids(cli.run("list", "--tenant", "acme", "--status", "active", "--json"))).hasSize(1);
    }

    @Test
    void revokeAllOnATerminalAsksAndHonoursTheAnswer() {
        issue("acme", "alice", "One");
        List<String> questions = new ArrayList<>();

        cli.withPrompt(question -> {
            questions.add(question);
            return "n";
        });
        assertThat(cli.run("revoke", "--tenant", "acme", "--owner", "alice", "--all"))
                .isEqualTo(new CliRunner.Result(1, "", "klink-tokens: Nothing revoked\n"));
        cli.withPrompt(question -> "yes");
        assertThat(cli.run("revoke", "--tenant", "acme", "--owner", "alice", "--all").exitCode()).isZero();

        assertThat(questions).containsExactly("Revoke all 1 active tokens of alice in tenant acme? [y/N] ");
        assertThat(ids(cli.run("list", "--tenant", "acme", "--status", "revoked", "--json"))).hasSize(1);
    }

    @Test
    void revokeAllWhenOwnerHasNoActiveTokensThenNothingToDo() {
        assertThat(cli.run("revoke", "--tenant", "acme", "--owner", "alice", "--all", "--yes")).isEqualTo(
                new CliRunner.Result(1, "", "klink-tokens: No active tokens of alice in tenant acme to revoke\n"));
    }

    @Test
    void revokeWhenBothIdAndAllThenUsageError() {
        assertThat(cli.run("revoke", "AAAAAAAAAAAAAAAA", "--tenant", "acme", "--owner", "alice", "--all"))
                .isEqualTo(new CliRunner.Result(2, "",
                        "klink-tokens: Give either a token ID or --owner OWNER --all, not both\n"));
        assertThat(cli.run("revoke", "--tenant", "acme", "--owner", "alice")).isEqualTo(new CliRunner.Result(2, "",
                "klink-tokens: Give a token ID, or --owner OWNER --all to revoke every token of an owner\n"));
    }

    // ---------------------------------------------------------------- rotate

    @Test
    void rotateThenNewTokenOnceAndTheOldOneStopsAfterTheGrace() {
        String old = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy",
                "--ability", "orders:read", "--expires", "30d").line();
        String oldId = Objects.requireNonNull(TokenFormat.parse(old)).id();

        CliRunner.Result result = cli.run("rotate", oldId, "--tenant", "acme", "--grace", "24h");

        assertThat(result.exitCode()).isZero();
        ParsedToken replacement = Objects.requireNonNull(TokenFormat.parse(result.line()));
        assertThat(result.err()).isEqualTo("Rotated token " + oldId + " to " + replacement.id() + " \"CI deploy\"; "
                + oldId + " stops working at 2026-12-01T10:00:00Z. The new token is shown only this once.\n");
        try (TokenService service = service()) {
            assertThat(service.verify(old).isValid()).isTrue();
            assertThat(service.verify(replacement.token()).isValid()).isTrue();
        }
        cli.clock.advance(Duration.ofHours(24));
        try (TokenService service = service()) {
            VerificationResultAssert.assertThat(service.verify(old)).isFailed(VerificationFailure.REVOKED);
        }
        assertThat(cli.run("show", replacement.id(), "--tenant", "acme").out())
                .contains("rotated from:  " + oldId + "\n");
    }

    @Test
    void rotateWhenRevokedThenNothingToDo() {
        String id = issue("acme", "alice", "CI deploy");
        cli.run("revoke", id, "--tenant", "acme");

        assertThat(cli.run("rotate", id, "--tenant", "acme")).isEqualTo(new CliRunner.Result(1, "",
                "klink-tokens: Token " + id + " is revoked: only an active token can be rotated\n"));
    }

    // ---------------------------------------------------------------- prune

    @Test
    void pruneDryRunCountsWithoutDeletingThenPruneDeletes() {
        String revoked = issue("acme", "alice", "Old revoked");
        issue("acme", "alice", "Short", "--expires", "1d");
        String active = issue("acme", "alice", "Active", "--expires", "366d");
        cli.run("revoke", revoked, "--tenant", "acme");
        cli.clock.advance(Duration.ofDays(100));

        CliRunner.Result dryRun = cli.run("prune", "--older-than", "90d", "--dry-run");

        assertThat(dryRun).isEqualTo(new CliRunner.Result(0,
                "Would delete 2 tokens that expired or were revoked before 2026-12-10T10:00:00Z.\n", ""));
        assertThat(ids(cli.run("list", "--tenant", "acme", "--json"))).hasSize(3);

        assertThat(cli.run("prune", "--older-than", "90d")).isEqualTo(new CliRunner.Result(0,
                "Deleted 2 tokens that expired or were revoked before 2026-12-10T10:00:00Z.\n", ""));
        assertThat(ids(cli.run("list", "--tenant", "acme", "--json"))).containsExactly(active);
    }

    @Test
    void pruneWhenNothingIsOldEnoughThenNothingToDo() {
        issue("acme", "alice", "Fresh");

        assertThat(cli.run("prune", "--older-than", "90d")).isEqualTo(new CliRunner.Result(1, "", "klink-tokens: "
                + "Nothing to prune: no tokens that expired or were revoked before 2026-09-01T10:00:00Z\n"));
    }

    // ---------------------------------------------------------------- expiring

    @Test
    void expiringListsActiveTokensOfEveryTenantSoonestFirst() {
        String later = issue("acme", "alice", "Later", "--expires", "6d");
        String soon = issue("globex", "bob", "Soon", "--expires", "2d");
        issue("acme", "alice", "Not soon", "--expires", "30d");
        String revoked = issue("acme", "alice", "Revoked", "--expires", "1d");
        cli.run("revoke", revoked, "--tenant", "acme");

        CliRunner.Result result = cli.run("expiring", "--within", "7d");

        assertThat(result).isEqualTo(new CliRunner.Result(0, ""
                + "EXPIRES               TENANT  OWNER  ID                NAME\n"
                + "2026-12-02T10:00:00Z  globex  bob    " + soon + "  Soon\n"
                + "2026-12-06T10:00:00Z  acme    alice  " + later + "  Later\n", ""));
        assertThat(ids(cli.run("expiring", "--within", "7d", "--json"))).containsExactly(soon, later);
        assertThat(ids(cli.run("expiring", "--within", "7d", "--tenant", "acme", "--json"))).containsExactly(later);
        assertThat(cli.run("expiring", "--within", "1h"))
                .isEqualTo(new CliRunner.Result(0, "", "No active tokens expire within 1h.\n"));
    }

    // ---------------------------------------------------------------- inspect --check

    @Test
    void inspectCheckFromStandardInputThenOwnerStatusAndSecretMatch() {
        String token = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy").line();
        String id = Objects.requireNonNull(TokenFormat.parse(token)).id();

        CliRunner.Result result = cli.runWithInput(token + "\n", "inspect", "-", "--check");

        assertThat(result).isEqualTo(new CliRunner.Result(0, ""
                + "well-formed:  yes\n"
                + "prefix:       klink_pat (accepted)\n"
                + "id:           " + id + "\n"
                + "checksum:     valid\n"
                + "found:        yes\n"
                + "tenant:       acme\n"
                + "owner:        alice\n"
                + "name:         CI deploy\n"
                + "status:       active\n"
                + "secret:       matches\n", ""));
    }

    @Test
    void inspectCheckWhenSecretDiffersThenExit1AndNoSecretPrinted() {
        String token = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy").line();
        ParsedToken parsed = Objects.requireNonNull(TokenFormat.parse(token));
        String forged = TokenFormat.format(parsed.prefix(), parsed.id(), "A".repeat(TokenFormat.SECRET_LENGTH));

        CliRunner.Result result = cli.runWithInput(forged, "inspect", "-", "--check", "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode lookup = json(result).get("lookup");
        assertThat(lookup.get("found").asBoolean()).isTrue();
        assertThat(lookup.get("owner").asString()).isEqualTo("alice");
        assertThat(lookup.get("secretMatches").asBoolean()).isFalse();
        assertThat(result.out()).doesNotContain(parsed.secret()).doesNotContain("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    }

    @Test
    void inspectCheckWhenIdUnknownThenNotFound() {
        String unknown = TokenFormat.format("klink_pat", "AAAAAAAAAAAAAAAA", "B".repeat(TokenFormat.SECRET_LENGTH));

        CliRunner.Result result = cli.run("inspect", unknown, "--check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).endsWith("checksum:     valid\nfound:        no\n");
    }

    // ---------------------------------------------------------------- helpers

    /** Issues a token through the command line and returns its id. */
    String issue(String tenant, String owner, String name, String... options) {
        List<String> args = new ArrayList<>(List.of("issue", "--tenant", tenant, "--owner", owner, "--name", name));
        args.addAll(List.of(options));
        CliRunner.Result result = cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Objects.requireNonNull(TokenFormat.parse(result.line())).id();
    }

    /** The application's side: a service over the same tables, on the test's clock. */
    TokenService service() {
        return TokenService.builder(JdbiTokenStore.builder(Jdbi.create(url)).tablePrefix(tablePrefix()).build())
                .clock(cli.clock)
                .backgroundUsageFlush(false)
                .build();
    }

    static JsonNode json(CliRunner.Result result) {
        assertThat(result.err()).isEmpty();
        return TokenText.JSON.readTree(result.out());
    }

    static List<String> ids(CliRunner.Result result) {
        List<String> ids = new ArrayList<>();
        json(result).get("tokens").forEach(token -> ids.add(token.get("id").asString()));
        return ids;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
