package dev.klink.tokens.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs a shell block of README.md as it is written there, by bash (and curl). */
final class ReadmeScripts {

    private static final Path README = Path.of("..", "..", "README.md");

    private ReadmeScripts() {
    }

    /**
     * Runs the {@code ```sh} block after the README's {@code <!-- marker -->} line with {@code environment} set;
     * its standard output. Fails unless the block exists and exits 0 within 30 seconds.
     */
    static String run(String marker, Map<String, String> environment) throws Exception {
        Matcher example = Pattern.compile("<!-- " + Pattern.quote(marker) + " -->\n```sh\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(README));
        assertThat(example.find()).as("README has the %s example", marker).isTrue();
        ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", example.group(1));
        bash.environment().putAll(environment);
        bash.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status of the README's %s example; output: %s", marker, output)
                .isZero();
        return output;
    }
}
