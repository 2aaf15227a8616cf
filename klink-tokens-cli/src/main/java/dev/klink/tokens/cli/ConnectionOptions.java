package dev.klink.tokens.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the token database is and what the application's settings are. Passwords come from a file or the
 * environment, never from an argument: arguments show in the process list and the shell history.
 */
final class ConnectionOptions {

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "JDBC URL of the token database (H2, PostgreSQL, MySQL/MariaDB). Default: $KLINK_JDBC_URL, "
                    + "then spring.datasource.url of --config.")
    @Nullable String jdbcUrl;

    @Option(names = "--user", paramLabel = "USER",
            description = "Database user. Default: $KLINK_JDBC_USER, then spring.datasource.username of --config.")
    @Nullable String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the database password. Default: $KLINK_JDBC_PASSWORD, then "
                    + "spring.datasource.password of --config.")
    @Nullable Path passwordFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The application's settings file (application.yml or application.properties): reads "
                    + "klink.tokens.prefix, accepted-prefixes, jdbc.table-prefix, hashing.keys, policy and abilities "
                    + "so that the command line and the application agree. Repeatable: later files (a profile's "
                    + "application-prod.yml) override earlier ones.")
    List<Path> config = new ArrayList<>();

    /** The settings of {@code --config}, or the library's defaults without it. */
    AppSettings settings(Session session) {
        return config.isEmpty() ? AppSettings.defaults()
                : AppSettings.from(ConfigFile.read(config, session.environment()));
    }

    /**
     * The connection from the options, then the environment, then the config file.
     *
     * @throws CliFailure (usage) when no URL is given anywhere or the password file cannot be read
     */
    Connection connection(Session session, AppSettings settings) {
        String url = first(jdbcUrl, session.environment().apply("KLINK_JDBC_URL"), settings.datasourceUrl());
        if (url == null || url.isBlank()) {
            throw CliFailure.usage("No database given: use --jdbc-url URL or set KLINK_JDBC_URL");
        }
        String password = passwordFile != null ? readPassword(passwordFile)
                : first(session.environment().apply("KLINK_JDBC_PASSWORD"), settings.datasourcePassword());
        return new Connection(url.trim(), first(user, session.environment().apply("KLINK_JDBC_USER"),
                settings.datasourceUser()), password);
    }

    private static String readPassword(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw CliFailure.usage("Cannot read the password file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    @SafeVarargs
    private static <T> @Nullable T first(@Nullable T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** A JDBC URL with its credentials; {@link #toString()} hides the password. */
    record Connection(String url, @Nullable String user, @Nullable String password) {

        /** The URL without any password in it: what messages show. */
        String redactedUrl() {
            return Redaction.url(url);
        }

        @Override
        public String toString() {
            return "Connection[url=" + redactedUrl() + ", user=" + user + "]";
        }
    }
}
