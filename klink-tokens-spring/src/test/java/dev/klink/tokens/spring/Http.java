package dev.klink.tokens.spring;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** A real HTTP client against the test server; with a cookie jar when it plays a browser session. */
public final class Http {

    private final HttpClient client;
    private final CookieManager cookies;
    private final String base;

    private Http(int port, boolean withCookies) {
        this.base = "http://localhost:" + port;
        this.cookies = new CookieManager();
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        if (withCookies) {
            builder.cookieHandler(cookies);
        }
        this.client = builder.build();
    }

    /** A client without cookies: every request stands alone, as an API client's. */
    public static Http stateless(int port) {
        return new Http(port, false);
    }

    /** A client that keeps cookies, as a browser does. */
    public static Http session(int port) {
        return new Http(port, true);
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> get(String path, String authorization) {
        return send(request(path).header("Authorization", authorization).GET());
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).findFirst();
    }
}
