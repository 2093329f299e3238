package io.brink.stream;

import io.brink.metrics.BrinkMetrics;
import io.brink.metrics.MetricsServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Brink's metrics through the topology, and the HTTP endpoints. */
class MetricsTest {

    @Test
    void metricsCountWindowsAlertsAndDeadLettersWithBoundedLabels() throws Exception {
        BrinkMetrics metrics = new BrinkMetrics("lstm1_linear");
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "1", "tier1.every", "2",
                "tier1.flush.ms", "100", "alert.rule.early.field", "window_seq", "alert.rule.early.below", "2",
                "alert.rule.early.raise.after", "1"), metrics);
             MetricsServer server = new MetricsServer("127.0.0.1", 0, metrics,
                     () -> new PipelineHealth.Status(true, true, "RUNNING", java.util.List.of()))) {
            for (long t = 1; t <= 10; t++) {
                f.point("SERIES-X", t);
            }
            f.points.pipeInput("SERIES-X", "{broken");
            PipelineTopologyTest.awaitTier1(f, new java.util.ArrayList<>(), 2);
            String text = metrics.scrape();
            assertTrue(text.contains("brink_windows_scored_total{model=\"lstm1_linear\",tier=\"0\"} 5.0"), text);
            assertTrue(text.contains("brink_dlq_records_total{reason=\"bad_point\"} 1.0"), text);
            assertTrue(text.contains("brink_alerts_total{rule=\"early\",severity=\"warning\",state=\"raised\"} 1.0"), text);
            assertTrue(text.contains("brink_window_distance_linear_bucket{model=\"lstm1_linear\",le=\"0.1\"}"), text);
            assertTrue(text.contains("brink_window_hessian_vector_products_count"), text);
            assertTrue(text.contains("brink_scoring_batch_duration_seconds_bucket"), text);
            assertTrue(text.contains("jvm_memory_used_bytes"), text);
            assertFalse(text.contains("SERIES-X"), "the series id is never a label");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, m.statusCode());
            assertTrue(m.body().contains("brink_windows_scored_total"));
            HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, h.statusCode());
            assertTrue(h.body().contains("\"UP\""));
            HttpResponse<String> fr = http.send(HttpRequest.newBuilder(URI.create(base + "/fragile?k=3")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fr.statusCode());
            assertTrue(fr.body().contains("\"series\":\"SERIES-X\""), fr.body());
            assertTrue(fr.body().contains("\"distance_linear\":") && fr.body().contains("\"tier1_ts\":"), fr.body());
            assertFalse(fr.body().contains("\"distance_lower\":null"), "the latest tier-1 result is kept: " + fr.body());
        }
        try (MetricsServer down = new MetricsServer("127.0.0.1", 0, metrics,
                () -> new PipelineHealth.Status(true, false, "RUNNING", java.util.List.of("task 0_0 made no progress")))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/health", "/health/ready"}) {
                HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(503, h.statusCode(), path);
                assertTrue(h.body().contains("task 0_0 made no progress"), h.body());
            }
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + down.port() + "/health/live"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode(), "not ready, but alive: no restart");
        }
    }
}
