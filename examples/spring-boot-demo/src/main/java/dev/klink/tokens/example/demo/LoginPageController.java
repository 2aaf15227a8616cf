package dev.klink.tokens.example.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The sign-in page, rendered on the server so that the form carries its CSRF token even without JavaScript. It lists
 * the demo accounts.
 */
@Controller
class LoginPageController {

    private final String template;
    private final String userRows;

    LoginPageController(DemoUsers users) {
        try (InputStream in = new ClassPathResource("pages/login.html").getInputStream()) {
            this.template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("The login page template pages/login.html is missing", e);
        }
        StringBuilder rows = new StringBuilder();
        for (DemoUsers.DemoUser user : users.all()) {
            rows.append("<tr><td><code>").append(HtmlUtils.htmlEscape(user.username()))
                    .append("</code></td><td><code>").append(HtmlUtils.htmlEscape(user.password()))
                    .append("</code></td><td>").append(HtmlUtils.htmlEscape(user.tenant()))
                    .append(user.tokenAdmin() ? " (token admin)" : "").append("</td></tr>");
        }
        this.userRows = rows.toString();
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> login(CsrfToken csrf, @RequestParam(required = false) @Nullable String error,
            @RequestParam(required = false) @Nullable String logout,
            @RequestParam(required = false) @Nullable String expired) {
        String message = "";
        if (error != null) {
            message = "<p class=\"alert\" role=\"alert\" id=\"login-error\">Wrong username or password.</p>";
        } else if (logout != null) {
            message = "<p class=\"notice\" role=\"status\">You have been signed out.</p>";
        } else if (expired != null) {
            message = "<p class=\"notice\" role=\"status\">Your session has ended. Please sign in again.</p>";
        }
        String html = template
                .replace("{{message}}", message)
                .replace("{{csrfParameter}}", HtmlUtils.htmlEscape(csrf.getParameterName()))
                .replace("{{csrfToken}}", HtmlUtils.htmlEscape(csrf.getToken()))
                .replace("{{users}}", userRows);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(html);
    }
}
