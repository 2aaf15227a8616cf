package dev.klink.tokens.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Takes passwords out of JDBC URLs and of messages that may quote them. */
final class Redaction {

    static final String MASK = "***";

    /** {@code password=…} in a query string ({@code ?&}) or in H2's {@code ;} settings, any case. */
    private static final Pattern PASSWORD_PARAMETER =
            Pattern.compile("(?i)((?:^|[?&;])(?:password|pwd)=)[^&;]*");
    /** {@code //user:password@host} */
    private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:]*):[^/?#@]*@");

    private Redaction() {
    }

    /** {@code url} with any password in it replaced by {@value #MASK}. */
    static String url(String url) {
        String redacted = USER_INFO.matcher(url).replaceAll("$1:" + MASK + "@");
        return PASSWORD_PARAMETER.matcher(redacted).replaceAll("$1" + MASK);
    }

    /**
     * {@code text} with the URL (as given) replaced by its redacted form, and every password (the one given and any
     * in the URL) by {@value #MASK}: drivers quote parts of a URL they cannot parse.
     */
    static String text(String text, String url, @Nullable String password) {
        String redacted = text.replace(url, url(url));
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
        }
        for (Pattern pattern : List.of(PASSWORD_PARAMETER, USER_INFO)) {
            Matcher matcher = pattern.matcher(url);
            while (matcher.find()) {
                String match = matcher.group();
                secrets.add(pattern == USER_INFO ? match.substring(match.indexOf(':') + 1, match.length() - 1)
                        : match.substring(matcher.group(1).length()));
            }
        }
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                redacted = redacted.replace(secret, MASK);
            }
        }
        return redacted;
    }
}
