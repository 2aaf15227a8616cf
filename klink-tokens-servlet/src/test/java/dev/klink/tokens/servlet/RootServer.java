package dev.klink.tokens.servlet;

import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real Jetty on a random port of 127.0.0.1 with one servlet at a path of the root context. */
final class RootServer implements AutoCloseable {

    private final Server server;
    private final int port;

    private RootServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static RootServer start(String path, HttpServlet servlet) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler("/");
        handler.addServlet(new ServletHolder(servlet), path);
        server.setHandler(handler);
        server.start();
        return new RootServer(server, connector.getLocalPort());
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
