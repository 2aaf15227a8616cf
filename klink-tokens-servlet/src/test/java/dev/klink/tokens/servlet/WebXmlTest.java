package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's web.xml, deployed as a real web application on Jetty 12 (ee10). */
class WebXmlTest {

    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <listener>
                <listener-class>dev.klink.tokens.servlet.WebXmlTokensListener</listener-class>
              </listener>
              <filter>
                <filter-name>klink-tokens</filter-name>
                <filter-class>dev.klink.tokens.servlet.KlinkTokenFilter</filter-class>
                <init-param>
                  <param-name>rules</param-name>
                  <param-value>
                    # one rule per line: [METHODS] /pattern permitAll | authenticated | all(abilities) | any(abilities)
                    /health permitAll
                    GET /api/orders/** all(orders:read)
                    POST /api/orders/** any(orders:write, admin)
                  </param-value>
                </init-param>
              </filter>
              <filter-mapping>
                <filter-name>klink-tokens</filter-name>
                <url-pattern>/*</url-pattern>
              </filter-mapping>
              <servlet>
                <servlet-name>echo</servlet-name>
                <servlet-class>dev.klink.tokens.servlet.WebXmlTest$Ok</servlet-class>
              </servlet>
              <servlet-mapping>
                <servlet-name>echo</servlet-name>
                <url-pattern>/*</url-pattern>
              </servlet-mapping>
            </web-app>
            """;

    @TempDir
    static Path webapp;

    private static Server server;
    private static URI base;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void deploy() throws Exception {
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), WEB_XML);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext context = new WebAppContext(webapp.toString(), "/");
        context.setParentLoaderPriority(true);
        context.setThrowUnavailableOnStartupException(true);
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    static void undeploy() throws Exception {
        server.stop();
    }

    @Test
    void webXmlWhenPermitAllPathWithoutTokenThen200() throws Exception {
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void webXmlWhenProtectedPathWithoutTokenThen401Challenge() throws Exception {
        HttpResponse<String> response = send("GET", "/api/orders/1", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"klink\"");
    }

    @Test
    void webXmlWhenReaderTokenThenReadsButCannotWrite() throws Exception {
        assertThat(send("GET", "/api/orders/1", WebXmlTokensListener.reader).body()).isEqualTo("ok alice");

        HttpResponse<String> write = send("POST", "/api/orders/1", WebXmlTokensListener.reader);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"klink\", "
                + "error=\"insufficient_scope\", error_description=\"The access token lacks the required abilities\", "
                + "scope=\"orders:write admin\"");
    }

    @Test
    void webXmlWhenWriterTokenThenWrites() throws Exception {
        HttpResponse<String> write = send("POST", "/api/orders/1", WebXmlTokensListener.writer);

        assertThat(write.statusCode()).isEqualTo(200);
        assertThat(write.body()).isEqualTo("ok bob");
    }

    private static HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Answers {@code ok <remote user>}. */
    public static final class Ok extends jakarta.servlet.http.HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
            response.setContentType("text/plain");
            response.getWriter().write("ok " + request.getRemoteUser());
        }
    }
}
