package dev.klink.tokens.spring.securityapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spring.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A browser signed in by form login, with the CSRF token a single-page app sends back. */
record Session(Http http, String xsrf) {

    static Session login(int port, String user, String password) {
        Http browser = Http.session(port);
        assertThat(browser.get("/csrf").statusCode()).isEqualTo(200);
        String xsrf = browser.cookie("XSRF-TOKEN").orElseThrow();
        HttpResponse<String> login = browser.send(browser.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        assertThat(login.statusCode()).isEqualTo(204);
        // the token is replaced at login; fetch the new one as a single-page app would
        assertThat(browser.get("/csrf").statusCode()).isEqualTo(200);
        return new Session(browser, browser.cookie("XSRF-TOKEN").orElseThrow());
    }

    HttpResponse<String> post(String path, String json) {
        return http.send(http.request(path).header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", xsrf).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) {
        return http.send(http.request(path).header("X-XSRF-TOKEN", xsrf).DELETE());
    }
}
