package io.brink.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Follows the scores and alerts topics (read_committed) and renders one line per series: the latest
 * window's prediction, distances, curvature and the alerts currently raised.
 */
public final class LiveTable implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final String scoresTopic;
    private final Map<String, JsonNode> latest = new TreeMap<>();
    private final Map<String, JsonNode> lastTier1 = new TreeMap<>();
    private final Map<String, TreeSet<String>> raised = new TreeMap<>();
    private long windows;
    private long tier1;
    private long alertsRaised;

    public LiveTable(String bootstrap, String scoresTopic, String alertsTopic) {
        this.scoresTopic = scoresTopic;
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "brink-demo-view-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(scoresTopic, alertsTopic));
    }

    /** Reads what has arrived for up to {@code wait}. */
    public void poll(Duration wait) {
        for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
            try {
                JsonNode n = JSON.readTree(r.value());
                String series = n.get("series").asText();
                if (r.topic().equals(scoresTopic)) {
                    if (n.get("tier").asInt() == 0) {
                        // every window has exactly one tier-0 record; tier-1 windows get a second, later one
                        latest.put(series, n);
                        windows++;
                    } else {
                        lastTier1.put(series, n);
                        tier1++;
                    }
                } else {
                    TreeSet<String> set = raised.computeIfAbsent(series, k -> new TreeSet<>());
                    if (n.get("state").asText().equals("raised")) {
                        set.add(n.get("rule").asText());
                        alertsRaised++;
                    } else {
                        set.remove(n.get("rule").asText());
                    }
                }
            } catch (Exception e) {
                // not a Brink record; the view ignores it
            }
        }
    }

    public long windows() {
        return windows;
    }

    public long tier1() {
        return tier1;
    }

    public long alertsRaised() {
        return alertsRaised;
    }

    public void render(PrintStream out) {
        out.printf("%-11s %-10s %-10s %5s %7s %8s %8s %8s %9s  %s%n", "series", "date", "predicted", "p", "margin",
                "dist_lin", "dist_low", "attack", "curvature", "alerts raised");
        for (Map.Entry<String, JsonNode> e : latest.entrySet()) {
            JsonNode n = e.getValue();
            JsonNode t1 = lastTier1.get(e.getKey());
            int k = n.get("predicted_index").asInt();
            out.printf(Locale.ROOT, "%-11s %-10s %-10s %5.2f %7.3f %8s %8s %8s %9s  %s%n", e.getKey(),
                    Instant.ofEpochMilli(n.get("ts").asLong()).atZone(ZoneOffset.UTC).toLocalDate(), n.get("predicted").asText(),
                    n.get("probabilities").get(k).asDouble(), n.get("margin").asDouble(), num(n, "distance_linear"),
                    num(t1, "distance_lower"), num(t1, "attack_distance"), num(t1, "curvature"),
                    String.join(",", raised.getOrDefault(e.getKey(), new TreeSet<>())));
        }
    }

    private static String num(JsonNode n, String field) {
        if (n == null || !n.has(field) || n.get(field).isNull()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.3f", n.get(field).asDouble());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
