package dev.klink.tokens.example.jetty;

import java.nio.file.Path;

/**
 * Starts the example: {@code mvn -q -f examples/servlet-jetty/pom.xml compile exec:java}. The port comes from the
 * system property {@code port} or the environment variable {@code PORT} (default 8081); the H2 database lives in
 * {@code ./data} (system property {@code data.dir} to move it).
 */
public final class ServletJettyExample {

    private static final int DEFAULT_PORT = 8081;

    private ServletJettyExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(System.getProperty("data.dir", "data"));
        try (ExampleServer server = ExampleServer.start(port(), dataDir, System.out)) {
            System.out.println("klink-tokens servlet example on http://localhost:" + server.port()
                    + "  (GET /health, GET /api/hello); Ctrl+C stops it");
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "example-shutdown"));
            server.join();
        }
    }

    private static int port() {
        String value = System.getProperty("port", System.getenv().getOrDefault("PORT", ""));
        if (value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, was '" + value + "'", e);
        }
    }
}
