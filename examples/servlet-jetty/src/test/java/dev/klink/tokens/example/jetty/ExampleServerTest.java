package dev.klink.tokens.example.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleServerTest {

    private static final Pattern DEMO_TOKEN = Pattern.compile("Demo token \\(shown once[^:]*\\): (\\S+)");

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void exampleWhenStartedThenHealthIsPublicAndHelloNeedsTheDemoToken(@TempDir Path dataDir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String token;
        try (ExampleServer server = ExampleServer.start(0, dataDir, new PrintStream(printed, true,
                StandardCharsets.UTF_8))) {
            Matcher matcher = DEMO_TOKEN.matcher(printed.toString(StandardCharsets.UTF_8));
            assertThat(matcher.find()).as("the first start prints a demo token").isTrue();
            token = matcher.group(1);

            HttpResponse<String> health = get(server, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");

            HttpResponse<String> anonymous = get(server, "/api/hello", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"klink\"");

            HttpResponse<String> hello = get(server, "/api/hello", token);
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("{\"message\":\"Hello, demo-user\",\"token\":\"demo token\"}");
        }

        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (ExampleServer server = ExampleServer.start(0, dataDir, new PrintStream(second, true,
                StandardCharsets.UTF_8))) {
            assertThat(second.toString(StandardCharsets.UTF_8)).as("the token is printed only once").isEmpty();
            assertThat(get(server, "/api/hello", token).statusCode()).as("the token survives a restart")
                    .isEqualTo(200);
        }
    }

    private HttpResponse<String> get(ExampleServer server, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
