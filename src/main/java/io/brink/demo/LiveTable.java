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
 * Follows the scores, alerts, outcomes and calibration topics (read_committed) and renders one line per series: the
 * latest window's prediction, mutual information, prediction set, distances, curvature, the realized coverage of the
 * series' conformal sets so far and the alerts currently raised; and one line of the model's live calibration.
 */
public final class LiveTable implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, String> consumer;
    private final String scoresTopic;
    private final String outcomesTopic;
    private final String calibrationTopic;
    /** Per series, the prediction sets of its recent tier-0 windows by ts, until their outcomes arrive. */
    private final Map<String, Map<Long, List<String>>> sets = new TreeMap<>();
    /** Per series: [outcomes joined to a set, outcomes in their set]. */
    private final Map<String, long[]> coverage = new TreeMap<>();
    private JsonNode calibration;
    private final Map<String, JsonNode> latest = new TreeMap<>();
    private final Map<String, JsonNode> lastTier1 = new TreeMap<>();
    private final Map<String, TreeSet<String>> raised = new TreeMap<>();
    private long windows;
    private long tier1;
    private long alertsRaised;

    public LiveTable(String bootstrap, String scoresTopic, String alertsTopic, String outcomesTopic, String calibrationTopic) {
        this.scoresTopic = scoresTopic;
        this.outcomesTopic = outcomesTopic;
        this.calibrationTopic = calibrationTopic;
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "brink-demo-view-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "isolation.level", "read_committed"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(scoresTopic, alertsTopic, outcomesTopic, calibrationTopic));
    }

    /** Reads what has arrived for up to {@code wait}. */
    public void poll(Duration wait) {
        for (ConsumerRecord<String, String> r : consumer.poll(wait)) {
            try {
                JsonNode n = JSON.readTree(r.value());
                if (r.topic().equals(calibrationTopic)) {
                    calibration = n;
                    continue;
                }
                String series = n.get("series").asText();
                if (r.topic().equals(outcomesTopic)) {
                    List<String> set = sets.getOrDefault(series, Map.of()).get(n.get("ts").asLong());
                    if (set != null) {
                        long[] c = coverage.computeIfAbsent(series, k -> new long[2]);
                        c[0]++;
                        c[1] += set.contains(n.get("class").asText()) ? 1 : 0;
                        sets.get(series).remove(n.get("ts").asLong());
                    }
                } else if (r.topic().equals(scoresTopic)) {
                    if (n.get("tier").asInt() == 0) {
                        // every window has exactly one tier-0 record; tier-1 windows get a second, later one
                        latest.put(series, n);
                        windows++;
                        if (n.has("prediction_set")) {
                            List<String> set = new java.util.ArrayList<>();
                            n.get("prediction_set").forEach(v -> set.add(v.asText()));
                            Map<Long, List<String>> bySeries = sets.computeIfAbsent(series, k -> new TreeMap<>());
                            bySeries.put(n.get("ts").asLong(), set);
                            while (bySeries.size() > 64) {
                                bySeries.remove(((TreeMap<Long, List<String>>) bySeries).firstKey());
                            }
                        }
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
        out.printf("%-11s %-10s %-10s %5s %6s %-4s %7s %8s %8s %8s %9s %6s  %s%n", "series", "date", "predicted", "p", "MI", "set",
                "margin", "dist_lin", "dist_low", "attack", "curvature", "cover", "alerts raised");
        for (Map.Entry<String, JsonNode> e : latest.entrySet()) {
            JsonNode n = e.getValue();
            JsonNode t1 = lastTier1.get(e.getKey());
            int k = n.get("predicted_index").asInt();
            long[] c = coverage.get(e.getKey());
            out.printf(Locale.ROOT, "%-11s %-10s %-10s %5.2f %6s %-4s %7.3f %8s %8s %8s %9s %6s  %s%n", e.getKey(),
                    Instant.ofEpochMilli(n.get("ts").asLong()).atZone(ZoneOffset.UTC).toLocalDate(), n.get("predicted").asText(),
                    n.get("probabilities").get(k).asDouble(), num(n, "mutual_information"), setText(n), n.get("margin").asDouble(),
                    num(n, "distance_linear"), num(t1, "distance_lower"), num(t1, "attack_distance"), num(t1, "curvature"),
                    c == null ? "-" : String.format(Locale.ROOT, "%.2f", (double) c[1] / c[0]),
                    String.join(",", raised.getOrDefault(e.getKey(), new TreeSet<>())));
        }
        out.println(calibrationLine());
    }

    /** The set as the first letters of its classes, e.g. "cn" for {calm, normal}; "-" when the record has none. */
    private static String setText(JsonNode n) {
        if (!n.has("prediction_set")) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        n.get("prediction_set").forEach(v -> sb.append(v.asText().isEmpty() ? "?" : v.asText().substring(0, 1)));
        return sb.length() == 0 ? "{}" : sb.toString();
    }

    /** One line of the model's latest calibration record. */
    String calibrationLine() {
        if (calibration == null) {
            return "calibration: waiting for outcomes";
        }
        JsonNode rolling = calibration.path("rolling");
        JsonNode conformal = calibration.path("conformal");
        return String.format(Locale.ROOT, "calibration (last %d labelled windows): accuracy %s, ECE %s, NLL %s, Brier %s; "
                        + "conformal coverage %s (since start %s of %d; target %.2f), mean set %s, full sets %s, coverage by class %s; "
                        + "estimated accuracy before labels %s",
                rolling.path("windows").asLong(), num(rolling, "accuracy"), num(rolling, "ece"), num(rolling, "nll"),
                num(rolling, "brier"), num(conformal, "rolling_coverage"), num(conformal, "coverage"),
                calibration.path("labelled").asLong(), 1 - conformal.path("alpha").asDouble(),
                num(conformal, "rolling_mean_set_size"), percent(conformal.path("rolling_full_set_share")),
                classes(conformal.path("rolling_class_coverage")), num(calibration, "estimated_accuracy"));
    }

    private static String percent(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * v.asDouble()) : "-";
    }

    private static String classes(JsonNode list) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : list) {
            sb.append(sb.length() == 0 ? "" : "/").append(v.isNumber() ? String.format(Locale.ROOT, "%.2f", v.asDouble()) : "-");
        }
        return sb.length() == 0 ? "-" : sb.toString();
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
