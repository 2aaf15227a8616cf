package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's script flow for the management API, run as written there by bash and curl against the demo: sign
 * in with the CSRF cookie, issue a token with the X-XSRF-TOKEN header, read it back by id and page through the list.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:klink-demo-management-curl-test;DB_CLOSE_DELAY=-1")
class DemoManagementCurlTests {

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readmeManagementCurlFlowWhenRunThenIssuesReadsAndListsTheToken() throws Exception {
        String output = ReadmeScripts.run("management-curl", Map.of("APP_URL", "http://localhost:" + port,
                "APP_USER", "alice", "APP_PASSWORD", "alice"));

        List<String> lines = output.lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode issued = json.readTree(lines.get(0));
        String id = issued.get("id").asString();
        assertThat(issued.get("token").asString()).startsWith("klink_pat_" + id + "_");
        assertThat(issued.get("name").asString()).isEqualTo("CI deploy");
        JsonNode one = json.readTree(lines.get(1));
        assertThat(one.get("id").asString()).isEqualTo(id);
        assertThat(one.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(one.has("token")).isFalse();
        JsonNode page = json.readTree(lines.get(2));
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(id);
    }
}
