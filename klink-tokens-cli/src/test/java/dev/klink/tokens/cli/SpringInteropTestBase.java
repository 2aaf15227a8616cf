package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.AbilityCheck;
import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.ParsedToken;
import dev.klink.tokens.TokenFormat;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationFailure;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.spring.autoconfigure.KlinkTokensAutoConfiguration;
import dev.klink.tokens.spring.autoconfigure.KlinkTokensJdbiAutoConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.FileSystemResource;

/**
 * The command line and an application agree: the application is the Spring Boot starter configured from one settings
 * file (the demo's klink.tokens settings, plus a prefix, a table prefix and an HMAC key from the environment), and the
 * command line reads the same file with {@code --config}. A token either side issues, the other verifies, lists and
 * revokes.
 */
abstract class SpringInteropTestBase {

    private static final String HMAC_KEY = Base64.getEncoder()
            .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    final CliRunner cli = new CliRunner();
    private String url = "";
    private Path config = Path.of("");

    abstract String jdbcUrl();

    abstract DataSource dataSource(String url);

    abstract String tablePrefix();

    /** {@code application.yml} or {@code application.properties}. */
    abstract String configFileName();

    /** The settings file, in the format {@link #configFileName()} says. */
    abstract String configFile(String tablePrefix);

    @BeforeEach
    void writeSettings(@TempDir Path dir) throws IOException {
        url = jdbcUrl();
        TestDatabases.dropTables(url, tablePrefix());
        config = dir.resolve(configFileName());
        Files.writeString(config, configFile(tablePrefix()));
        cli.environment.put("KLINK_JDBC_URL", url);
        cli.environment.put("KLINK_HMAC_KEY", HMAC_KEY);
        cli.commonOptions.addAll(List.of("--config", config.toString()));
    }

    /** The application: the starter over the same database and file, on the test's clock. */
    ApplicationContextRunner application() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KlinkTokensJdbiAutoConfiguration.class,
                        KlinkTokensAutoConfiguration.class))
                .withBean(DataSource.class, () -> dataSource(url))
                .withBean(Clock.class, () -> cli.clock)
                .withSystemProperties("KLINK_HMAC_KEY=" + HMAC_KEY)
                .withInitializer(context -> {
                    PropertySourceLoader loader = config.toString().endsWith(".yml") ? new YamlPropertySourceLoader()
                            : new PropertiesPropertySourceLoader();
                    try {
                        loader.load("application", new FileSystemResource(config))
                                .forEach(context.getEnvironment().getPropertySources()::addLast);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    void tokenIssuedByTheCliVerifiesInTheApplication() {
        application().run(context -> {
            CliRunner.Result issued = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy",
                    "--ability", "orders:write", "--expires", "30d");
            assertThat(issued.exitCode()).as(issued.err()).isZero();
            ParsedToken token = Objects.requireNonNull(TokenFormat.parse(issued.line()));

            TokenService service = context.getBean(TokenService.class);
            VerificationResult result = service.verify(token.token(), "acme", AbilityCheck.all("orders:read"), null);

            assertThat(token.prefix()).isEqualTo("demo_pat");
            assertThat(result.isValid()).as("%s", result.failure()).isTrue();
            assertThat(result.requirePrincipal().ownerId()).isEqualTo("alice");
            assertThat(service.store().findById(token.id()).orElseThrow().hashScheme()).isEqualTo("hmac-sha256:k2026");
        });
    }

    @Test
    void tokenIssuedByTheApplicationIsListedCheckedAndRevokedByTheCli() {
        application().run(context -> {
            TokenService service = context.getBean(TokenService.class);
            IssuedToken issued = service.issue(IssueRequest.builder("acme", "alice").name("Laptop")
                    .abilities("customers:read").expiresInDays(7).build());
            String id = issued.info().id();

            assertThat(CommandsTestBase.ids(cli.run("list", "--tenant", "acme", "--owner", "alice", "--json")))
                    .containsExactly(id);
            assertThat(cli.runWithInput(issued.plaintext(), "inspect", "-", "--check").out())
                    .contains("prefix:       demo_pat (accepted)\n")
                    .endsWith("status:       active\nsecret:       matches\n");
            assertThat(cli.run("revoke", id, "--tenant", "acme", "--reason", "offboarding").exitCode()).isZero();

            assertThat(service.verify(issued.plaintext()).failure()).isEqualTo(VerificationFailure.REVOKED);
        });
    }

    @Test
    void cliRefusesWhatTheApplicationsCatalogAndPolicyRefuse() {
        application().run(context -> {
            CliRunner.Result unknownAbility = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "x",
                    "--ability", "admin:everything");
            CliRunner.Result tooLong = cli.run("issue", "--tenant", "acme", "--owner", "alice", "--name", "x",
                    "--expires", "200d");

            assertThat(unknownAbility.exitCode()).isEqualTo(2);
            assertThat(unknownAbility.err()).startsWith("klink-tokens: ").contains("admin:everything");
            assertThat(tooLong.exitCode()).isEqualTo(2);
            assertThat(tooLong.err()).startsWith("klink-tokens: ").contains("180");
            assertThat(cli.run("list", "--tenant", "acme").out()).isEmpty();
        });
    }
}
