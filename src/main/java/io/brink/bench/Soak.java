package io.brink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.record.Json;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak driver behind {@code tools/soak.sh}: against a running {@code brink run}, it first measures the
 * pipeline's maximum tier-0 rate (a backlog of points scored as fast as it can), then feeds points for the
 * given minutes at a share of that rate, and every few seconds records the process's heap, engine off-heap
 * memory and RSS (and committed heap), the consumer group's input lag, point-to-score latency and the windows scored, as CSV and as
 * an SVG plot. Not a test: it takes as long as it is told to.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, description = "Soak a running brink run: memory, lag and latency over time.")
public final class Soak implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
    String bootstrap;
    @Option(names = "--application-id", defaultValue = "brink", description = "the pipeline's application.id (its consumer group)")
    String app;
    @Option(names = "--points-topic", defaultValue = "brink.points")
    String pointsTopic;
    @Option(names = "--scores-topic", defaultValue = "brink.scores")
    String scoresTopic;
    @Option(names = "--metrics", defaultValue = "http://127.0.0.1:9464/metrics")
    String metricsUrl;
    @Option(names = "--pid", required = true, description = "the brink run process, for its RSS")
    long pid;
    @Option(names = "--series", defaultValue = "200")
    int series;
    @Option(names = "--features", defaultValue = "3")
    int features;
    @Option(names = "--share", defaultValue = "0.8", description = "the soak rate as a share of the measured maximum")
    double share;
    @Option(names = "--calibration-points", defaultValue = "60000", description = "points in the backlog that measures the maximum")
    int calibrationPoints;
    @Option(names = "--minutes", defaultValue = "10")
    double minutes;
    @Option(names = "--sample-seconds", defaultValue = "5")
    int sampleSeconds;
    @Option(names = "--out", defaultValue = "target/soak")
    Path out;
    @Option(names = "--warmup-seconds", defaultValue = "60",
            description = "samples before this are left out of the plot (the calibration's backlog drains then); the CSV has them all")
    double warmup;
    @Option(names = "--replot", description = "only draw the plot again from this soak.csv (into --out)")
    Path replot;

    private final AtomicLong scored = new AtomicLong();
    private final List<Long> latencies = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private long[] nextTs;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Soak()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        if (replot != null) {
            return replot(replot);
        }
        nextTs = new long[series];
        Thread reader = new Thread(this::readScores, "soak-scores");
        reader.setDaemon(true);
        reader.start();
        try (KafkaProducer<String, String> producer = producer()) {
            double max = calibrate(producer);
            double rate = share * max;
            System.err.printf(Locale.ROOT, "soak: maximum %.0f windows/s; feeding %.0f points/s (%.0f%%) for %.1f min%n", max, rate,
                    100 * share, minutes);
            List<double[]> rows = soak(producer, rate);
            write(rows, max, rate);
        } finally {
            running.set(false);
        }
        return 0;
    }

    /** Draws the plot of a soak.csv again (its first line holds the rates). */
    private int replot(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).replace("# maximum ", "").split("[ ,]+");
        double max = Double.parseDouble(head[0]);
        double rate = Double.parseDouble(head[3]);
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        Files.writeString(out.resolve("soak.svg"), SoakPlot.svg(rows, max, rate, warmup));
        return 0;
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private void send(KafkaProducer<String, String> producer, int s, long ts) {
        StringBuilder b = new StringBuilder("{\"series\":\"soak-").append(s).append("\",\"ts\":").append(ts).append(",\"values\":[");
        for (int k = 0; k < features; k++) {
            b.append(k > 0 ? "," : "").append(String.format(Locale.ROOT, "%.4f", Math.sin(ts * 1e-3 * (k + 1) + s)));
        }
        producer.send(new ProducerRecord<>(pointsTopic, "soak-" + s, b.append("]}").toString()));
    }

    /** A timestamp for series s: the wall clock, kept increasing per series. */
    private long ts(int s) {
        long t = Math.max(System.currentTimeMillis(), nextTs[s] + 1);
        nextTs[s] = t;
        return t;
    }

    /** Sends a backlog and times how fast its windows are scored: windows/s once the first ones arrive. */
    private double calibrate(KafkaProducer<String, String> producer) throws InterruptedException {
        long before = scored.get();
        for (int i = 0; i < calibrationPoints; i++) {
            send(producer, i % series, ts(i % series));
        }
        producer.flush();
        long expected = calibrationPoints - (long) series * 64;   // at most one window length per series scores nothing
        while (scored.get() - before < Math.min(1000, expected / 10)) {
            Thread.sleep(50);
        }
        long t0 = System.nanoTime(), s0 = scored.get();
        long last = s0, lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < 5_000_000_000L) {
            Thread.sleep(200);
            long now = scored.get();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        return (last - s0) / ((lastChange - t0) / 1e9);
    }

    private List<double[]> soak(KafkaProducer<String, String> producer, double rate) throws Exception {
        List<double[]> rows = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (minutes * 60e9);
        long nextSample = start + sampleSeconds * 1_000_000_000L;
        long sent = 0;
        long scoredAt = scored.get();
        HttpClient http = HttpClient.newHttpClient();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (System.nanoTime() < end) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * rate);
                for (; sent < due; sent++) {
                    int s = (int) (sent % series);
                    send(producer, s, ts(s));
                }
                if (System.nanoTime() >= nextSample) {
                    long[] lat;
                    synchronized (latencies) {
                        lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                        latencies.clear();
                    }
                    long nowScored = scored.get();
                    Map<String, Double> m = scrape(http);
                    double[] row = {(System.nanoTime() - start) / 1e9, m.getOrDefault("heap", Double.NaN) / 1048576,
                            m.getOrDefault("offheap", Double.NaN) / 1048576, rss() / 1048576.0, lag(admin),
                            percentile(lat, 0.5), percentile(lat, 0.99), lat.length == 0 ? Double.NaN : lat[lat.length - 1],
                            (nowScored - scoredAt) / (double) sampleSeconds, m.getOrDefault("committed", Double.NaN) / 1048576};
                    scoredAt = nowScored;
                    rows.add(row);
                    System.err.printf(Locale.ROOT, "soak: t=%4.0fs heap=%.0fMB (committed %.0fMB) offheap=%.1fMB rss=%.0fMB lag=%.0f "
                            + "p50=%.0fms p99=%.0fms max=%.0fms %.0f windows/s%n", row[0], row[1], row[9], row[2], row[3], row[4], row[5],
                            row[6], row[7], row[8]);
                    nextSample += sampleSeconds * 1_000_000_000L;
                }
                Thread.sleep(2);
            }
        }
        return rows;
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    /** Committed scores: counts tier-0 windows and the latency from the window's last point (its ts) to now. */
    private void readScores() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "soak-" + UUID.randomUUID());
        p.put("auto.offset.reset", "latest");
        p.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(scoresTopic));
            while (running.get()) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(100))) {
                    JsonNode n = Json.mapper().readTree(r.value());
                    if (n.get("tier").asInt() == 0) {
                        scored.incrementAndGet();
                        synchronized (latencies) {
                            latencies.add(System.currentTimeMillis() - n.get("ts").asLong());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Heap used (all pools) and engine off-heap bytes from Brink's Prometheus endpoint. */
    private Map<String, Double> scrape(HttpClient http) {
        Map<String, Double> out = new HashMap<>();
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
            double heap = 0;
            double committed = 0;
            for (String line : body.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"")) {
                    committed += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("brink_engine_offheap_bytes ")) {
                    out.put("offheap", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
            out.put("heap", heap);
            out.put("committed", committed);
        } catch (IOException | InterruptedException e) {
            System.err.println("soak: cannot scrape " + metricsUrl + ": " + e.getMessage());
        }
        return out;
    }

    private long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return -1;
    }

    /** Records of the points topic the pipeline has not committed yet. */
    private double lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        committed.keySet().stream().filter(tp -> tp.topic().equals(pointsTopic)).forEach(tp -> ask.put(tp, OffsetSpec.latest()));
        double lag = 0;
        for (var e : admin.listOffsets(ask).all().get().entrySet()) {
            lag += e.getValue().offset() - committed.get(e.getKey()).offset();
        }
        return lag;
    }

    private void write(List<double[]> rows, double max, double rate) throws IOException {
        String[] names = {"t_s", "heap_mb", "offheap_mb", "rss_mb", "lag_records", "latency_p50_ms", "latency_p99_ms",
                "latency_max_ms", "windows_per_s", "heap_committed_mb"};
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("soak.csv")))) {
            w.printf(Locale.ROOT, "# maximum %.1f windows/s, fed %.1f points/s, %d series%n", max, rate, series);
            w.println(String.join(",", names));
            for (double[] r : rows) {
                w.println(String.join(",", Arrays.stream(r).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toList()));
            }
        }
        Files.writeString(out.resolve("soak.svg"), SoakPlot.svg(rows, max, rate, warmup));
        System.err.println("soak: wrote " + out.resolve("soak.csv") + " and " + out.resolve("soak.svg"));
    }
}
