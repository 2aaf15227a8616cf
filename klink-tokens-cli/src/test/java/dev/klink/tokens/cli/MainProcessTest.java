package dev.klink.tokens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.TokenFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KlinkTokensCli#main} as its own process, as the launcher runs it: real standard streams, the process
 * environment and the process exit code.
 */
class MainProcessTest {

    record Run(int exitCode, String out, String err) {
    }

    @TempDir
    Path dir;

    @Test
    void issueThenInspectFromStandardInputInSeparateProcesses() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("tokens");

        assertThat(run("", url, "migrate").exitCode()).isZero();
        Run issued = run("", url, "issue", "--tenant", "acme", "--owner", "alice", "--name", "CI deploy");
        Run inspected = run(issued.out(), url, "inspect", "-", "--check");

        assertThat(issued.exitCode()).isZero();
        assertThat(TokenFormat.parse(issued.out().strip())).isNotNull();
        assertThat(issued.out()).isEqualTo(issued.out().strip() + System.lineSeparator());
        assertThat(issued.err()).startsWith("Issued token ");
        assertThat(inspected.exitCode()).isZero();
        assertThat(inspected.out()).contains("secret:       matches");
    }

    @Test
    void databaseDownThenProcessExitCode3() throws Exception {
        Run run = run("", "jdbc:postgresql://127.0.0.1:1/tokens", "list", "--tenant", "acme");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("klink-tokens: Database unavailable at jdbc:postgresql://127.0.0.1:1/tokens: ");
    }

    private Run run(String stdin, String url, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                KlinkTokensCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().put("KLINK_JDBC_URL", url);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("process ended").isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }
}
