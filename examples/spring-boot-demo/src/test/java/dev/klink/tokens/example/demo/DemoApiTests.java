package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.IssueRequest;
import dev.klink.tokens.page.PageRequest;
import dev.klink.tokens.TokenService;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo API and sign-in over real HTTP on a random port: tenant isolation, the browser session never unlocking
 * the token API, and clean 4xx answers to bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:klink-demo-api-test;DB_CLOSE_DELAY=-1")
class DemoApiTests {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    TokenService tokens;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void ordersWhenTokensOfTwoTenantsThenEachSeesOnlyItsOwn() throws Exception {
        String acme = issue("acme", "alice", "orders:read");
        String globex = issue("globex", "bob", "orders:read");

        assertThat(customers(get("/api/v1/orders", acme))).containsExactly("Desert Supplies Ltd.",
                "Road Runner Logistics", "Wile E. Coyote");
        assertThat(customers(get("/api/v1/orders", globex))).containsExactly("Cypress Creek Hammocks",
                "Hank Scorpio");
        HttpResponse<String> own = get("/api/v1/orders/ACME-1001", acme);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json.readTree(own.body()).get("customer").asString()).isEqualTo("Wile E. Coyote");
        HttpResponse<String> foreign = get("/api/v1/orders/ACME-1001", globex);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json.readTree(foreign.body()).get("detail").asString()).isEqualTo("No order ACME-1001");
    }

    @Test
    void createOrderWhenBodyInvalidThen400ProblemNot500() throws Exception {
        String writer = issue("acme", "alice", "orders:write");

        HttpResponse<String> noCustomer = post("/api/v1/orders", writer, "{\"totalCents\":100}");
        assertThat(noCustomer.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noCustomer.body()).get("detail").asString())
                .isEqualTo("customer must be 1 to 100 characters");
        HttpResponse<String> negative = post("/api/v1/orders", writer, "{\"customer\":\"A\",\"totalCents\":-5}");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(json.readTree(negative.body()).get("detail").asString())
                .isEqualTo("totalCents must be between 1 and 10000000000");
        HttpResponse<String> notJson = post("/api/v1/orders", writer, "{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void demoApiWhenOnlyTheBrowserSessionThen401MissingToken() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(url("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF_FIELD.matcher(login.body());
        assertThat(csrf.find()).isTrue();
        assertThat(login.body()).contains("<td><code>alice</code></td><td><code>alice</code></td><td>acme</td>");
        String form = "username=alice&password=alice&_csrf=" + URLEncoder.encode(csrf.group(1),
                StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue(url("/").toString());
        HttpResponse<String> session = browser.send(HttpRequest.newBuilder(url("/app/session")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.readTree(session.body()).get("tenant").asString()).isEqualTo("acme");

        HttpResponse<String> orders = browser.send(HttpRequest.newBuilder(url("/api/v1/orders")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(orders.statusCode()).isEqualTo(401);
        assertThat(orders.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"klink\"");
        assertThat(json.readTree(orders.body()).get("code").asString()).isEqualTo("missing_token");
    }

    @Test
    void managementWhenPostWithoutCsrfHeaderThen403AndNoToken() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = browser.send(HttpRequest.newBuilder(url("/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF_FIELD.matcher(page);
        assertThat(csrf.find()).isTrue();
        browser.send(HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=bob&password=bob&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> forged = browser.send(HttpRequest.newBuilder(url("/api/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Forged\",\"abilities\":[\"orders:read\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(tokens.listByOwner("globex", "bob", PageRequest.first(10)).items()).isEmpty();
    }

    @Test
    void unknownDemoApiPathWhenValidTokenThen403() throws Exception {
        String reader = issue("acme", "alice", "orders:read");
        HttpResponse<String> response = get("/api/v1/customers", reader);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo("insufficient_scope");
    }

    private String issue(String tenant, String owner, String ability) {
        return tokens.issue(IssueRequest.builder(tenant, owner).name("API test " + ability).abilities(ability)
                .expiresInDays(7).build()).plaintext();
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> customers(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode order : json.readTree(response.body())) {
            names.add(order.get("customer").asString());
        }
        return names;
    }
}
