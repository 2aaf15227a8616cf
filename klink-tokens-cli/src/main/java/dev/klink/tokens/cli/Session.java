package dev.klink.tokens.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What commands read and write besides their arguments: the output streams, standard input, the environment, the
 * clock, and a way to ask the person at the terminal (none when input is not a terminal).
 */
record Session(
        PrintWriter out,
        PrintWriter err,
        InputStream in,
        Function<String, @Nullable String> environment,
        Clock clock,
        @Nullable Prompt prompt) {

    /** Asks a yes/no question at the terminal. */
    @FunctionalInterface
    interface Prompt {

        /** The answer, or null when there is none (end of input). */
        @Nullable String ask(String question);
    }

    Session {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(clock, "clock");
    }

    /** The process's own streams, environment and UTC clock; prompts only when a console is attached. */
    static Session system() {
        Console console = System.console();
        Prompt prompt = console == null ? null : question -> console.readLine("%s", question);
        return new Session(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true), System.in,
                System::getenv, Clock.systemUTC(), prompt);
    }
}
