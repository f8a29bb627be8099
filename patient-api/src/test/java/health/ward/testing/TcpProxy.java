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
 * client sees it (every connection, open or new, reset), while the server keeps its state.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    /** Guarded by this: while true, connections are reset. */
    private boolean cut;
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

    /**
     * Resets open connections and every new one until {@link #restore()}. The relay keeps its port
     * while cut: a closed port could be taken by another server started meanwhile (any test process
     * picks free ports), and clients would then reach that server instead of an outage.
     */
    public synchronized void cut() {
        cut = true;
        open.forEach(TcpProxy::reset);
        open.clear();
    }

    public synchronized void restore() {
        cut = false;
    }

    private void listen() {
        try {
            ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
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
                // Decided under the same lock as cut(): a connection accepted while the link was being
                // cut is reset here, never left running unseen.
                synchronized (this) {
                    if (cut) {
                        reset(client);
                        continue;
                    }
                    open.add(client);
                }
                Socket upstream = new Socket(targetHost, targetPort);
                synchronized (this) {
                    open.add(upstream);
                    if (cut) {
                        reset(client);
                        reset(upstream);
                        continue;
                    }
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return; // close()
                }
            }
        }
    }

    /** Close with an RST (linger 0), as a vanished peer would look, rather than an orderly FIN. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
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
        closeQuietly(server);
    }
}
