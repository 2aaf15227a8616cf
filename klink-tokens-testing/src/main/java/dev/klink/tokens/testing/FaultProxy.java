package dev.klink.tokens.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between a client (a JDBC pool) and a real server (a database), that can fail the way a
 * network does: {@linkplain #cut() cut} every connection and refuse new ones, {@linkplain #stall() stall} (accept and
 * never answer), or {@linkplain #slow(Duration) slow} every forwarded chunk; {@link #restore()} heals it. Point the
 * client at {@link #port()} instead of the server's port.
 *
 * <p>Plain blocking sockets, two daemon threads per connection; meant for a handful of pooled connections.
 */
public final class FaultProxy implements AutoCloseable {

    private enum Mode {
        OPEN, CUT, STALL
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object modeLock = new Object();
    private Mode mode = Mode.OPEN;
    private Duration delay = Duration.ZERO;

    private FaultProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Starts a proxy on a free loopback port that forwards to {@code host:port}. */
    public static FaultProxy start(String host, int port) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FaultProxy proxy = new FaultProxy(listener, new InetSocketAddress(host, port));
        daemon("fault-proxy-accept-" + listener.getLocalPort(), proxy::acceptLoop).start();
        return proxy;
    }

    /** The loopback port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many client connections the proxy has accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Closes every open connection and, until {@link #restore()}, closes each new one as soon as it arrives. */
    public void cut() {
        setMode(Mode.CUT, Duration.ZERO);
        closeAll();
    }

    /**
     * Stops forwarding: open connections hold what they receive, new ones are accepted and never answered, until
     * {@link #restore()}.
     */
    public void stall() {
        setMode(Mode.STALL, Duration.ZERO);
    }

    /** Forwards again, each chunk (in both directions) held back by {@code delay} first. */
    public void slow(Duration delay) {
        setMode(Mode.OPEN, Objects.requireNonNull(delay, "delay"));
    }

    /**
     * Forwards again at full speed. Connections that were stalled are closed (their clients have given up on them
     * by now), so that nothing half-answered is ever delivered late.
     */
    public void restore() {
        boolean wasStalled;
        synchronized (modeLock) {
            wasStalled = mode == Mode.STALL;
        }
        if (wasStalled) {
            closeAll();
        }
        setMode(Mode.OPEN, Duration.ZERO);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        closeAll();
    }

    private void setMode(Mode next, Duration nextDelay) {
        synchronized (modeLock) {
            mode = next;
            delay = nextDelay;
            modeLock.notifyAll();
        }
    }

    private void closeAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            sockets.add(client);
            daemon("fault-proxy-connect-" + client.getPort(), () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        try {
            // a stalled proxy answers nothing, not even by connecting upstream
            if (awaitOpen() != Mode.OPEN) {
                throw new IOException("cut");
            }
            Socket server = new Socket();
            sockets.add(server);
            server.connect(target, 5_000);
            daemon("fault-proxy-up-" + client.getPort(), () -> pump(client, server)).start();
            daemon("fault-proxy-down-" + client.getPort(), () -> pump(server, client)).start();
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies {@code from} to {@code to} until either closes, honouring the mode before each chunk. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (awaitOpen() != Mode.OPEN) {
                    return;
                }
                Duration wait;
                synchronized (modeLock) {
                    wait = delay;
                }
                if (!wait.isZero()) {
                    Thread.sleep(wait.toMillis());
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed or the proxy cut the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** Blocks while stalled; returns the mode once it is not (OPEN or CUT). */
    private Mode awaitOpen() throws IOException {
        synchronized (modeLock) {
            while (mode == Mode.STALL) {
                try {
                    modeLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while stalled", e);
                }
            }
            return mode;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String toString() {
        return "FaultProxy[127.0.0.1:" + port() + " -> " + target.getHostString() + ":" + target.getPort() + "]";
    }
}
