package dev.klink.tokens.example.multitenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The test class README.md shows is this example's, character for character. */
class ReadmeTests {

    @Test
    void readmeWhenShowingTheTestClassThenSameAsOrdersApiTests() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        String tests = Files.readString(
                Path.of("src/test/java/dev/klink/tokens/example/multitenant/OrdersApiTests.java"));
        assertThat(readme).contains("```java\n" + tests + "```\n");
    }
}
