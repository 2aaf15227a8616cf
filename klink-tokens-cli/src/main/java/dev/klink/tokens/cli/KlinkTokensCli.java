package dev.klink.tokens.cli;

import dev.klink.tokens.InvalidTokenRequestException;
import dev.klink.tokens.TokenLimitExceededException;
import dev.klink.tokens.TokenNotFoundException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code klink-tokens}: the operator's command line for the token database. Run {@code java -jar
 * klink-tokens-cli.jar --help}.
 *
 * <p>Exit codes: 0 done, 1 not found / invalid token / nothing to do, 2 usage error, 3 database unavailable. Errors
 * are one line on standard error; {@code --verbose} adds the stack trace.
 */
@Command(name = "klink-tokens",
        mixinStandardHelpOptions = true,
        versionProvider = KlinkTokensCli.Version.class,
        description = "Manage klink personal access tokens in the application's database.",
        subcommands = {
                MigrateCommand.class,
                IssueCommand.class,
                ListCommand.class,
                ShowCommand.class,
                RevokeCommand.class,
                RotateCommand.class,
                PruneCommand.class,
                ExpiringCommand.class,
                InspectCommand.class,
                KeygenCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nConnection:%n",
        footer = {
                "  Give --jdbc-url, --user and --password-file, or set KLINK_JDBC_URL,",
                "  KLINK_JDBC_USER and KLINK_JDBC_PASSWORD. --config FILE reads the",
                "  application's klink.tokens.* settings (prefix, table prefix, keys).",
                "  Never put a password or a key in an argument: the process list and",
                "  the shell history show arguments."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:not found, invalid token, or nothing to do",
                "2:usage error (arguments, options, settings)",
                "3:database unavailable"})
public final class KlinkTokensCli implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show the stack trace of an error.")
    boolean verbose;

    @Spec
    CommandSpec spec; // set by picocli

    private final Session session;

    /** For picocli tools (the completion script generator): the process's own streams. */
    KlinkTokensCli() {
        this(Session.system());
    }

    private KlinkTokensCli(Session session) {
        this.session = session;
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine(Session.system()).execute(args));
    }

    /** The command line over {@code session}: what {@link #main} runs, and what tests run in-process. */
    static CommandLine commandLine(Session session) {
        KlinkTokensCli root = new KlinkTokensCli(session);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(session.out());
        commandLine.setErr(session.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(KlinkTokensCli::onBadArguments);
        commandLine.setExecutionExceptionHandler((error, command, parseResult) -> root.onError(error));
        return commandLine;
    }

    /** Without a command: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command");
    }

    Session session() {
        return session;
    }

    private static int onBadArguments(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("klink-tokens: " + error.getMessage());
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return CliFailure.USAGE;
    }

    private int onError(Exception error) {
        int exitCode;
        String message;
        if (error instanceof CliFailure failure) {
            exitCode = failure.exitCode();
            message = failure.getMessage();
        } else if (error instanceof TokenNotFoundException) {
            exitCode = CliFailure.NOT_DONE;
            message = error.getMessage();
        } else if (error instanceof InvalidTokenRequestException || error instanceof TokenLimitExceededException
                || error instanceof IllegalArgumentException) {
            exitCode = CliFailure.USAGE;
            message = error.getMessage();
        } else {
            exitCode = CliFailure.NOT_DONE;
            message = "failed: " + error.getClass().getSimpleName() + ": " + error.getMessage()
                    + (verbose ? "" : " (--verbose shows the stack trace)");
        }
        PrintWriter err = session.err();
        // one line, whatever the exception said
        err.println("klink-tokens: " + Objects.requireNonNullElse(message, error.getClass().getSimpleName())
                .replaceAll("\\s*\\R\\s*", " ").strip());
        if (verbose) {
            String details = error instanceof CliFailure failure ? failure.details() : stackTrace(error);
            if (details != null) {
                err.print(details);
            }
        }
        err.flush();
        session.out().flush();
        return exitCode;
    }

    static String stackTrace(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            @Nullable String version = KlinkTokensCli.class.getPackage().getImplementationVersion();
            return new String[] {"klink-tokens " + (version == null ? "(development build)" : version)};
        }
    }

}
