package dev.klink.tokens.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A user signed in by form login (the test applications answer a login 204), holding the session cookie and the
 * CSRF token a single-page app would send.
 */
public record Session(Http http, String xsrf) {

    /** Logs {@code user} in on the application at {@code port}. */
    public static Session login(int port, String user, String password) {
        Http browser = Http.session(port);
        assertThat(browser.get("/csrf").statusCode()).isEqualTo(200);
        HttpResponse<String> login = browser.send(browser.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN").orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        assertThat(login.statusCode()).isEqualTo(204);
        // the token is replaced at login; fetch the new one as a single-page app would
        assertThat(browser.get("/csrf").statusCode()).isEqualTo(200);
        return new Session(browser, browser.cookie("XSRF-TOKEN").orElseThrow());
    }

    public HttpResponse<String> get(String path) {
        return http.get(path);
    }

    /** A JSON {@code POST} with the CSRF header, to add headers to before sending. */
    public HttpRequest.Builder post(String path, HttpRequest.BodyPublisher body) {
        return http.request(path).header("Content-Type", "application/json").header("X-XSRF-TOKEN", xsrf).POST(body);
    }

    public HttpResponse<String> post(String path, String json) {
        return http.send(post(path, HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return http.send(http.request(path).header("X-XSRF-TOKEN", xsrf).DELETE());
    }
}
