package health.ward.patient.tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A stand-in OTLP/HTTP collector on 127.0.0.1 that keeps every export request's body. */
public class OtlpCollector implements QuarkusTestResourceLifecycleManager {

    public static final List<byte[]> EXPORTS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", exchange -> {
            EXPORTS.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return Map.of("ward.tracing.otlp-endpoint", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
