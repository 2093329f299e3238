package io.brink.stream;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Builds the pipeline's settings from, in increasing priority: defaults, a properties file, and
 * {@code BRINK_*} environment variables ({@code BRINK_BATCH_SIZE} sets {@code batch.size}). Kafka client
 * properties pass through from {@code kafka.*} keys in the file and {@code KAFKA_*} variables
 * ({@code KAFKA_SASL_MECHANISM} sets {@code sasl.mechanism}).
 */
public final class PipelineSettings {

    /** The settings and Kafka properties read. */
    public record Loaded(PipelineConfig config, Properties kafka) {
    }

    private PipelineSettings() {
    }

    public static Loaded load(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config file not found: " + file);
            }
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        Properties kafka = new Properties();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), p.getProperty(key));
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("BRINK_") && k.length() > 6) {
                p.put(k.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
            } else if (k.startsWith("KAFKA_") && k.length() > 6 && !k.equals("KAFKA_HEAP_OPTS") && !k.equals("KAFKA_OPTS")) {
                kafka.put(k.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
            }
        }
        return new Loaded(fromProperties(p), kafka);
    }

    public static PipelineConfig fromProperties(Properties p) {
        Topics d = Topics.defaults();
        Topics topics = new Topics(p.getProperty("topics.points", d.points()), p.getProperty("topics.scores", d.scores()),
                p.getProperty("topics.alerts", d.alerts()), p.getProperty("topics.outcomes", d.outcomes()),
                p.getProperty("topics.dlq", d.deadLetters()));
        String window = p.getProperty("window.length");
        return new PipelineConfig(
                p.getProperty("application.id", "brink"),
                topics,
                window == null || window.isBlank() ? null : integer(p, "window.length", 0),
                integer(p, "window.stride", 1),
                longValue(p, "window.grace.ms", 60_000),
                integer(p, "batch.size", 256),
                longValue(p, "batch.flush.ms", 100),
                number(p, "tier1.margin.below", 0.5),
                number(p, "tier1.distance.below", 0.25),
                integer(p, "tier1.every", 20),
                integer(p, "tier1.max.pending", 1024),
                integer(p, "tier1.batch.size", 64),
                longValue(p, "tier1.flush.ms", 500),
                number(p, "tier1.tolerance", 1e-3),
                integer(p, "tier1.max.hvp", 30),
                Boolean.parseBoolean(p.getProperty("tier1.attack", "true")),
                integer(p, "tier1.attack.steps", 30),
                Arrays.stream(p.getProperty("accuracy.buckets", "0.1,0.3,1").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray(),
                longValue(p, "predictions.retention.ms", 7L * 24 * 3600 * 1000),
                rules(p),
                integer(p, "topics.partitions", 4),
                (short) integer(p, "topics.replication", 1),
                integer(p, "stream.threads", Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Alert rules from {@code alert.rule.NAME.*}: field, one of below / above / below.percentile /
     * above.percentile, history, min.history, raise.after, resolve.after, severity. Without any,
     * the defaults: "fragile" (distance_linear below 0.25, 3 windows to raise, 5 to resolve, warning)
     * and "lowmargin" (margin below the series' 5th percentile of its last 200 windows, after 50; 2 to
     * raise, 5 to resolve, info).
     */
    static List<AlertRule> rules(Properties p) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("alert.rule.")) {
                String rest = key.substring("alert.rule.".length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        List<AlertRule> rules = new ArrayList<>();
        if (names.isEmpty()) {
            rules.add(new AlertRule("fragile", "distance_linear", AlertRule.Condition.BELOW, 0.25, 0, 0, 3, 5, "warning"));
            rules.add(new AlertRule("lowmargin", "margin", AlertRule.Condition.BELOW_PERCENTILE, 5, 200, 50, 2, 5, "info"));
            return rules;
        }
        for (String n : names) {
            String prefix = "alert.rule." + n + ".";
            String field = p.getProperty(prefix + "field");
            AlertRule.Condition condition = null;
            double threshold = 0;
            for (AlertRule.Condition c : AlertRule.Condition.values()) {
                String key = prefix + c.name().toLowerCase(Locale.ROOT).replace('_', '.');
                if (p.getProperty(key) != null) {
                    if (condition != null) {
                        throw new IllegalArgumentException("alert rule " + n + " has more than one condition");
                    }
                    condition = c;
                    threshold = number(p, key, 0);
                }
            }
            if (condition == null) {
                throw new IllegalArgumentException("alert rule " + n + " needs one of below, above, below.percentile, above.percentile");
            }
            rules.add(new AlertRule(n, field, condition, threshold, integer(p, prefix + "history", 200),
                    integer(p, prefix + "min.history", 50), integer(p, prefix + "raise.after", 3),
                    integer(p, prefix + "resolve.after", 5), p.getProperty(prefix + "severity", "warning")));
        }
        return rules;
    }

    private static int integer(Properties p, String key, int def) {
        String v = p.getProperty(key);
        try {
            return v == null ? def : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private static long longValue(Properties p, String key, long def) {
        String v = p.getProperty(key);
        try {
            return v == null ? def : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, got '" + v + "'");
        }
    }

    private static double number(Properties p, String key, double def) {
        String v = p.getProperty(key);
        try {
            return v == null ? def : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a number, got '" + v + "'");
        }
    }
}
