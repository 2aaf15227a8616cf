package dev.klink.tokens.cli;

import dev.klink.tokens.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code klink-tokens} in-process as {@link KlinkTokensCli#main} would, with captured standard output and error,
 * a given environment and standard input, a clock the test moves, and optionally a person at a terminal.
 */
final class CliRunner {

    final MutableClock clock = MutableClock.at("2026-11-30T10:00:00Z");
    final Map<String, String> environment = new HashMap<>();
    /** Added after the arguments of every command that takes them (e.g. {@code --config FILE}). */
    final List<String> commonOptions = new ArrayList<>();
    private Session.@Nullable Prompt prompt;

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err) {

        /** Standard output without its line end: the one line a command like {@code issue} prints. */
        String line() {
            return out.strip();
        }
    }

    CliRunner withPrompt(Session.Prompt terminal) {
        this.prompt = terminal;
        return this;
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), environment::get, clock, prompt);
        List<String> all = new ArrayList<>(List.of(args));
        if (args.length > 0 && !args[0].equals("keygen") && !args[0].startsWith("-")) {
            all.addAll(commonOptions);
        }
        int exitCode = KlinkTokensCli.commandLine(session).execute(all.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }
}
