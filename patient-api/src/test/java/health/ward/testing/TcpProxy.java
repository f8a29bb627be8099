package health.ward.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to a real server whose link the test can cut and restore: an outage as the
 * client sees it (connections refused, open ones reset), while the server keeps its state.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile int port;

    /** A relay to {@code targetPort} on this machine. */
    public TcpProxy(int targetPort) {
        this(InetAddress.getLoopbackAddress().getHostAddress(), targetPort);
    }

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = ManagedProcess.freePort();
        listen();
    }

    public int port() {
        return port;
    }

    /** Refuses new connections and resets open ones. */
    public synchronized void cut() {
        closeQuietly(server);
        server = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public synchronized void restore() {
        if (server == null) {
            listen();
        }
    }

    private synchronized void listen() {
        try {
            ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            socket.setReuseAddress(true);
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                // Registered under the same lock as cut(): a connection accepted while the link was being
                // cut is closed here, never left running unseen.
                synchronized (this) {
                    if (server != socket) {
                        closeQuietly(client);
                        return;
                    }
                    open.add(client);
                }
                Socket upstream = new Socket(targetHost, targetPort);
                synchronized (this) {
                    open.add(upstream);
                    if (server != socket) {
                        closeQuietly(client);
                        closeQuietly(upstream);
                        return;
                    }
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return; // listener closed by cut()
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // connection reset or closed: end of this direction
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
    }
}
