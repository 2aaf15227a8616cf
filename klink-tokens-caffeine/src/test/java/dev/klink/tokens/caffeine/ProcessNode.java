package dev.klink.tokens.caffeine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.VerificationResult;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.jdbi.PollingInvalidationChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;

/**
 * One application node in a JVM of its own, for {@link CrossNodeProcessesTestBase}: a {@link TokenService} over a
 * {@link CachingTokenStore} with a {@link PollingInvalidationChannel}, over a connection pool to the database at the
 * JDBC URL of its first argument (tables prefixed by the second; poll interval in milliseconds the third). It prints
 * {@code ready} once its channel is connected, then answers each line of standard input with one line:
 * {@code verify <token>} with {@code VALID} or the failure's name, {@code revoke <tenant> <id>} with
 * {@code revoked}. It stops at the end of its input.
 */
final class ProcessNode {

    private ProcessNode() {
    }

    public static void main(String[] args) throws Exception {
        // standard output carries the answers only: whatever logs goes to standard error
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        String url = args[0];
        String tablePrefix = args[1];
        Duration pollInterval = Duration.ofMillis(Long.parseLong(args[2]));

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(4);
        try (HikariDataSource connections = new HikariDataSource(pool);
                PollingInvalidationChannel channel = PollingInvalidationChannel.builder(Jdbi.create(connections))
                        .tablePrefix(tablePrefix).pollInterval(pollInterval).build();
                TokenService service = TokenService.builder(CachingTokenStore.builder(
                        JdbiTokenStore.builder(Jdbi.create(connections)).tablePrefix(tablePrefix).build())
                        .timeToLive(Duration.ofMinutes(10)).invalidationChannel(channel).build())
                        .usageTracking(false).build()) {
            while (!channel.isConnected()) {
                Thread.sleep(5);
            }
            answers.println("ready");
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "verify" -> answers.println(outcome(service.verify(words[1])));
                    case "revoke" -> {
                        service.revoke(words[1], words[2], "admin", "leaked");
                        answers.println("revoked");
                    }
                    default -> answers.println("unknown command " + words[0]);
                }
            }
        }
    }

    private static String outcome(VerificationResult result) {
        return result instanceof VerificationResult.Failed failed ? failed.failure().name() : "VALID";
    }
}
