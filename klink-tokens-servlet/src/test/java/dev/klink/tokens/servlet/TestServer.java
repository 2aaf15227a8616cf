package dev.klink.tokens.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * A real Jetty 12 (ee10) server on a random port with filters in front of one servlet at {@code /*}, plus two
 * clients: {@link HttpClient} for ordinary requests and a raw socket for what HttpClient refuses to send (two
 * {@code Authorization} headers, raw bytes, un-normalized paths).
 */
final class TestServer implements AutoCloseable {

    static final String CONTEXT = "/ctx";
    /** Large enough that a 16 KB header and the 100 000-character vector reach the filter (Jetty allows 8 KB). */
    static final int REQUEST_HEADER_SIZE = 128 * 1024;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length: *(\\d+)");

    private final Server server;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server with {@code filters} (in order) in front of {@code servlet}; {@code context} may add more. */
    static TestServer start(HttpServlet servlet, Consumer<ServletContextHandler> context, Filter... filters)
            throws Exception {
        return start(false, servlet, context, filters);
    }

    /**
     * As {@link #start(HttpServlet, Consumer, Filter...)}; {@code lax} turns Jetty's URI checks off (as a laxer
     * container would have them) so that ambiguous paths reach the filter.
     */
    static TestServer start(boolean lax, HttpServlet servlet, Consumer<ServletContextHandler> context,
            Filter... filters) throws Exception {
        return start(lax, HeaderCache.OFF, servlet, context, filters);
    }

    /** Jetty's per-connection cache of header values, as a server may set it up. */
    enum HeaderCache {
        /** No cache: every header is read from the bytes sent (SECURITY.md's advice, and these servers' setting). */
        OFF,
        /** A cache matching header values with their case: also safe. */
        CASE_SENSITIVE,
        /** Jetty's own default: a cache matching header values ignoring case (see {@code KeepAliveCredentialsTest}). */
        JETTY_DEFAULT
    }

    /** As {@link #start(HttpServlet, Consumer, Filter...)} with Jetty's header cache set up as {@code cache} says. */
    static TestServer startWithHeaderCache(HeaderCache cache, HttpServlet servlet, Filter... filters)
            throws Exception {
        return start(false, cache, servlet, context -> { }, filters);
    }

    private static TestServer start(boolean lax, HeaderCache cache, HttpServlet servlet,
            Consumer<ServletContextHandler> context, Filter... filters) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        if (lax) {
            http.setUriCompliance(UriCompliance.UNSAFE);
        }
        // as SECURITY.md advises for Jetty: with its default cache a token differing from one sent earlier on the same
        // connection only in letter case reaches the application as that earlier token
        switch (cache) {
            case OFF -> http.setHeaderCacheSize(0);
            case CASE_SENSITIVE -> http.setHeaderCacheCaseSensitive(true);
            case JETTY_DEFAULT -> {
            }
        }
        http.setRequestHeaderSize(REQUEST_HEADER_SIZE);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler(CONTEXT);
        for (Filter filter : filters) {
            handler.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        handler.addServlet(new ServletHolder(servlet), "/*");
        if (lax) {
            handler.getServletHandler().setDecodeAmbiguousURIs(true);
        }
        context.accept(handler);
        server.setHandler(handler);
        server.start();
        return new TestServer(server, connector.getLocalPort());
    }

    int port() {
        return port;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + CONTEXT + pathAndQuery);
    }

    /** Sends {@code request} with HttpClient. */
    Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        return checked(new Response(response.statusCode(), headers, response.body()));
    }

    /** {@code GET path} with these header lines ({@code "Name: value"}). */
    Response get(String pathAndQuery, String... headerLines) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            builder.header(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return send(builder.GET().build());
    }

    /** {@code GET path} with {@code Authorization: Bearer token}. */
    Response getWithToken(String pathAndQuery, String token) throws IOException, InterruptedException {
        return get(pathAndQuery, "Authorization: Bearer " + token);
    }

    /**
     * Sends exactly these bytes as the request head (request line and header lines, CRLF added after each line,
     * {@code Host} and {@code Connection: close} appended) and {@code body}, then reads the whole response.
     */
    Response raw(String method, String rawTarget, List<byte[]> headerLines, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes((method + " " + rawTarget + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] line : headerLines) {
            request.writeBytes(line);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        request.writeBytes(("Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n").getBytes(
                StandardCharsets.ISO_8859_1));
        if (body.length > 0) {
            request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        request.writeBytes(new byte[] {'\r', '\n'});
        request.writeBytes(body);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return checked(parse(socket.getInputStream().readAllBytes()));
        }
    }

    /**
     * Sends GETs of {@code target} one after the other on one keep-alive connection, the n-th with the n-th list of
     * header lines (the last also with {@code Connection: close}), and reads the responses in order.
     */
    List<Response> rawOnOneConnection(String target, List<List<String>> headerLinesPerRequest) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < headerLinesPerRequest.size(); i++) {
                StringBuilder request = new StringBuilder("GET " + CONTEXT + target + " HTTP/1.1\r\n");
                for (String line : headerLinesPerRequest.get(i)) {
                    request.append(line).append("\r\n");
                }
                request.append("Host: 127.0.0.1:").append(port).append("\r\n");
                if (i == headerLinesPerRequest.size() - 1) {
                    request.append("Connection: close\r\n");
                }
                out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
            byte[] stream = socket.getInputStream().readAllBytes();
            List<Response> responses = new ArrayList<>();
            int at = 0;
            while (at < stream.length) {
                int end = endOfResponse(stream, at);
                responses.add(checked(parse(java.util.Arrays.copyOfRange(stream, at, end))));
                at = end;
            }
            return responses;
        }
    }

    /** Where the response starting at {@code from} ends: after its Content-Length body or its last chunk. */
    private static int endOfResponse(byte[] stream, int from) {
        String text = new String(stream, from, stream.length - from, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n") + 4;
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            return from + headEnd + Integer.parseInt(length.group(1));
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            int lastChunk = text.indexOf("\r\n0\r\n\r\n", headEnd - 2);
            return from + lastChunk + 7;
        }
        return stream.length;
    }

    /** {@code raw} for a GET with ASCII header lines. */
    Response raw(String rawTarget, String... headerLines) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String line : headerLines) {
            lines.add(line.getBytes(StandardCharsets.ISO_8859_1));
        }
        return raw("GET", rawTarget, lines, new byte[0]);
    }

    /** No response is ever a 500 but the filter's own answer to a failing tenant resolver (row 13). */
    private static Response checked(Response response) {
        if (response.status() == 500) {
            assertThat(response.body()).as("the only 500 is tenant_resolution_failed")
                    .contains("\"code\":\"tenant_resolution_failed\"");
        }
        return response;
    }

    private static Response parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            throw new IllegalStateException("incomplete response of " + bytes.length + " bytes");
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    name -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        List<String> encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.contains("chunked")) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }

    /** A response: status, headers by lower-case name, body. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        @Nullable String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            if (values == null || values.isEmpty()) {
                return null;
            }
            if (values.size() > 1) {
                throw new AssertionError("header " + name + " appears " + values.size() + " times: " + values);
            }
            return values.get(0);
        }

        /** The body's lines {@code key=value} as the echo servlet writes them. */
        Map<String, String> echo() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return values;
        }
    }
}
