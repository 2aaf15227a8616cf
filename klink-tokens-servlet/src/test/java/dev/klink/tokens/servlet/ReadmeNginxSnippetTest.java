package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The nginx configuration the README shows is the file {@link NginxForwardAuthTest} runs, byte for byte. */
class ReadmeNginxSnippetTest {

    @Test
    void readmeWhenShowingTheNginxSnippetThenItIsTheTestedFile() throws Exception {
        String snippet = Files.readString(NginxForwardAuthTest.SNIPPET);
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("```nginx\n" + snippet + "```\n");
    }
}
