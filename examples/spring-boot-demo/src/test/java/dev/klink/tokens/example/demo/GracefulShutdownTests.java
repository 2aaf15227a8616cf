package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.IssuedToken;
import dev.klink.tokens.TokenService;
import dev.klink.tokens.jdbi.JdbiTokenStore;
import dev.klink.tokens.testing.LoadLoop;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo app stopped gracefully (its context closed) while a request loop runs against it: the last use of every
 * token that a request answered 200 before the stop is in the database afterwards, although the app writes
 * last-used times only once a minute.
 */
class GracefulShutdownTests {

    private static final int TOKENS = 20;

    /** One request: which token, when it was sent, and its status (0: the server no longer answered). */
    private record Sent(int token, Instant at, int status) {
    }

    @Test
    void closeWhenRequestsInFlightThenLastUseOfEveryAnsweredRequestIsInTheDatabase(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("demo") + ";DB_CLOSE_ON_EXIT=FALSE";
        ConfigurableApplicationContext app = new SpringApplicationBuilder(DemoApplication.class).run(
                "--server.port=0", "--server.shutdown=graceful", "--spring.datasource.url=" + url);
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        TokenService service = app.getBean(TokenService.class);
        List<IssuedToken> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) {
            tokens.add(service.issue(IssueRequest.builder("acme", "alice").name("shutdown " + i)
                    .abilities("orders:read").expiresInDays(1).build()));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        LoadLoop<Sent> load = LoadLoop.start(4, 100_000, Duration.ofSeconds(20), i -> {
            int token = i % TOKENS;
            // truncated as the database stores it
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/orders"))
                    .header("Authorization", "Bearer " + tokens.get(token).plaintext())
                    .timeout(Duration.ofSeconds(5)).GET().build();
            try {
                return new Sent(token, at, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                return new Sent(token, at, 0);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (load.completed() < 300 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        app.close();
        // requests the stopped app no longer answers
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (load.snapshot().stream().noneMatch(sent -> sent.result().status() == 0) && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        load.stop();
        List<LoadLoop.Call<Sent>> calls = load.await();

        Map<Integer, Instant> lastAnswered = new HashMap<>();
        int answered = 0;
        int refused = 0;
        for (LoadLoop.Call<Sent> call : calls) {
            Sent sent = call.result();
            assertThat(sent.status()).as("status of a request during shutdown").isIn(200, 0);
            if (sent.status() == 200) {
                answered++;
                lastAnswered.merge(sent.token(), sent.at(), (a, b) -> a.isAfter(b) ? a : b);
            } else {
                refused++;
            }
        }
        System.out.printf("graceful shutdown: %d requests answered 200 before the stop, %d not answered%n", answered,
                refused);
        assertThat(answered).isGreaterThanOrEqualTo(300);
        assertThat(refused).as("requests after the stop").isPositive();
        assertThat(lastAnswered).hasSize(TOKENS);

        JdbiTokenStore store = JdbiTokenStore.create(Jdbi.create(url, "sa", ""));
        for (Map.Entry<Integer, Instant> last : lastAnswered.entrySet()) {
            Instant stored = store.findById(tokens.get(last.getKey()).info().id()).orElseThrow().lastUsedAt();
            assertThat(stored).as("last use of token %d in the database", last.getKey()).isNotNull()
                    .isAfterOrEqualTo(last.getValue());
        }
    }
}
