package io.brink.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.record.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.brink.stream.PipelineHealth;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /health/live} (200 unless the pipeline has stopped for
 * good: a restart may help), {@code /health/ready} and {@code /health} (200 while it scores, 503 with the reasons
 * otherwise; see {@link PipelineHealth}) and {@code /fragile?k=N} (the N most fragile series as JSON) with the JDK's
 * HTTP server.
 */
public final class MetricsServer implements AutoCloseable {

    private static final ObjectMapper JSON = Json.mapper();

    private final HttpServer server;

    /** @param health the pipeline's health as last judged ({@link PipelineHealth.Status#starting()} before it runs) */
    public MetricsServer(String host, int port, BrinkMetrics metrics, Supplier<PipelineHealth.Status> health) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/health", ex -> {
            PipelineHealth.Status s = health.get();
            boolean live = ex.getRequestURI().getPath().equals("/health/live");
            boolean up = live ? s.live() : s.ready();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("live", s.live());
            body.put("ready", s.ready());
            body.put("pipeline", s.state());
            body.put("problems", s.problems());
            respond(ex, up ? 200 : 503, "application/json", JSON.writeValueAsString(body));
        });
        server.createContext("/fragile", ex -> {
            int k = 10;
            String q = ex.getRequestURI().getQuery();
            if (q != null && q.startsWith("k=")) {
                try {
                    k = Math.max(1, Math.min(1000, Integer.parseInt(q.substring(2))));
                } catch (NumberFormatException e) {
                    respond(ex, 400, "application/json", "{\"error\":\"k must be a whole number\"}");
                    return;
                }
            }
            respond(ex, 200, "application/json", JSON.writeValueAsString(metrics.fragile(k)));
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "brink-metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** HOST:PORT served, with the port actually bound (when 0 was asked for). */
    public String address() {
        return server.getAddress().getHostString() + ":" + port();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
