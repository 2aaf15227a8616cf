package dev.klink.tokens.spring.secrecyapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klink.tokens.spring.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A user signed in by form login, with the session cookie and the CSRF token a browser would send. */
record Session(Http http, String xsrf) {

    static Session login(int port, String user) {
        Http browser = Http.session(port);
        assertThat(browser.get("/csrf").statusCode()).isEqualTo(200);
        HttpResponse<String> login = browser.send(browser.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN").orElseThrow())
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "-pw")));
        assertThat(login.statusCode()).isEqualTo(204);
        assertThat(browser.get("/csrf").statusCode()).isEqualTo(200);
        return new Session(browser, browser.cookie("XSRF-TOKEN").orElseThrow());
    }

    HttpResponse<String> get(String path) {
        return http.get(path);
    }

    HttpResponse<String> post(String path, String json) {
        return http.send(http.request(path).header("Content-Type", "application/json").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) {
        return http.send(http.request(path).header("X-XSRF-TOKEN", xsrf).DELETE());
    }
}
