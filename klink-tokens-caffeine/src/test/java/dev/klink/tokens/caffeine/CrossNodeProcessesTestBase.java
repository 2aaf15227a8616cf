package dev.klink.tokens.caffeine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three application nodes as three JVM processes ({@link ProcessNode}), each with its own cache and polling
 * invalidation channel, over one real database: a revocation made on process 1 is refused by processes 2 and 3
 * within a second. The nodes share nothing but the database.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class CrossNodeProcessesTestBase {

    private static final String TENANT = "acme";
    /** Well under the bound, so that a loaded machine (three JVMs and a database) keeps a margin. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(300);
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final int REVOCATIONS = 10;

    private final List<Node> nodes = new ArrayList<>();
    private String url = "";

    /** The name of the environment variable holding the JDBC URL. */
    protected abstract String urlVariable();

    /** A table prefix of this class alone. */
    protected abstract String tablePrefix();

    /** One process: commands in through its standard input, one answer a line out of its standard output. */
    private record Node(Process process, PrintStream commands, BufferedReader answers) {

        String ask(String command) throws IOException {
            commands.println(command);
            String answer = answers.readLine();
            if (answer == null) {
                throw new AssertionError("the node process ended; its log is in target/");
            }
            return answer;
        }
    }

    @BeforeEach
    void startProcesses() throws IOException {
        url = KlinkTables.freshSchema(urlVariable(), tablePrefix());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (int i = 1; i <= 3; i++) {
            // a small node starts faster with one GC thread and the quick compiler, and needs no more
            Process process = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", classPath, ProcessNode.class.getName(), url, tablePrefix(),
                    Long.toString(POLL_INTERVAL.toMillis()))
                    .redirectError(ProcessBuilder.Redirect.to(new File("target",
                            getClass().getSimpleName() + "-node" + i + ".log")))
                    .start();
            nodes.add(new Node(process, new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8),
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))));
        }
        for (Node node : nodes) {
            assertThat(node.answers().readLine()).isEqualTo("ready");
        }
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Node node : nodes) {
            node.commands().close(); // the end of its input stops the node
        }
        for (Node node : nodes) {
            if (!node.process().waitFor(10, TimeUnit.SECONDS)) {
                node.process().destroyForcibly();
            }
        }
    }

    @Test
    void revokeOnProcess1ThenProcesses2And3RejectWithinOneSecond() throws Exception {
        List<IssuedToken> tokens = new ArrayList<>();
        try (TokenService issuer = TokenService.builder(JdbiTokenStore.builder(Jdbi.create(url))
                .tablePrefix(tablePrefix()).build()).usageTracking(false).build()) {
            for (int i = 0; i < REVOCATIONS; i++) {
                tokens.add(issuer.issue(IssueRequest.builder(TENANT, "alice").name("deploy " + i)
                        .abilities("orders:read").expiresInDays(30).build()));
            }
        }
        for (IssuedToken token : tokens) {
            for (Node node : nodes) {
                assertThat(node.ask("verify " + token.plaintext())).isEqualTo("VALID"); // now cached there
            }
        }

        long[] latency = new long[REVOCATIONS];
        for (int i = 0; i < REVOCATIONS; i++) {
            IssuedToken token = tokens.get(i);
            long start = System.nanoTime();
            assertThat(nodes.get(0).ask("revoke " + TENANT + " " + token.info().id())).isEqualTo("revoked");
            boolean[] refused = new boolean[3];
            while (!(refused[1] && refused[2]) && System.nanoTime() - start < BOUND.multipliedBy(5).toNanos()) {
                for (int n = 1; n <= 2; n++) {
                    refused[n] = refused[n] || nodes.get(n).ask("verify " + token.plaintext()).equals("REVOKED");
                }
            }
            latency[i] = System.nanoTime() - start;
            assertThat(refused[1] && refused[2]).as("revocation %d refused on processes 2 and 3", i).isTrue();
            assertThat(nodes.get(0).ask("verify " + token.plaintext())).isEqualTo("REVOKED");
        }

        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        System.out.printf("%s: %d revocations on process 1 refused on processes 2 and 3 after p50 %d ms, max %d ms"
                        + " (poll interval %d ms)%n", getClass().getSimpleName(), REVOCATIONS,
                sorted[REVOCATIONS / 2 - 1] / 1_000_000, sorted[REVOCATIONS - 1] / 1_000_000,
                POLL_INTERVAL.toMillis());
        assertThat(Duration.ofNanos(sorted[REVOCATIONS - 1])).isLessThan(BOUND);
    }
}
