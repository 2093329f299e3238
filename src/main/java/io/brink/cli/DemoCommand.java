package io.brink.cli;

import io.brink.broker.EmbeddedKafkaBroker;
import io.brink.demo.DemoFeed;
import io.brink.demo.LiveTable;
import io.brink.metrics.BrinkMetrics;
import io.brink.metrics.MetricsServer;
import io.brink.model.LoadedModel;
import io.brink.contract.ContractResolver;
import io.brink.contract.ModelContract;
import io.brink.contract.ModelRequest;
import io.brink.onnx.OnnxModelLoader;
import io.brink.config.ConfigLoader;
import io.brink.config.PipelineConfig;
import io.brink.stream.BrinkPipeline;
import io.brink.stream.EnginePool;
import io.brink.stream.PipelineHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code brink demo}: the whole pipeline on an embedded broker with a live view. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker and Brink's pipeline, replay the EuStockMarkets daily returns "
                + "(DAX, SMI, CAC, FTSE 1991-1998) plus synthetic series with injected volatility regimes, adversarially "
                + "perturbed windows and an out-of-distribution shape, score them with a 5-member ensemble, and show a live table "
                + "per series with mutual information and conformal coverage. Stops on Ctrl-C or after --duration."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class,
            description = "how long to run, e.g. 90s, 2m (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--rate", defaultValue = "25", description = "points per second per series (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--port", defaultValue = "0", description = "broker port on localhost (default: any free port)")
    int port;

    @Option(names = "--model", defaultValue = "data/models/eustock-vol-ensemble.json",
            description = "model: an ONNX file, an ensemble manifest or a directory of members (default: ${DEFAULT-VALUE}, 5 members)")
    Path model;

    @Option(names = "--data", defaultValue = "data", description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "port of /metrics, /health, /fragile on localhost (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int metricsPort;

    @Mixin
    EngineMixin engineOptions;

    /** Counted down when everything the demo started is closed; a Ctrl-C hook waits for it. */
    private final CountDownLatch closed = new CountDownLatch(1);

    /** The demo's pipeline settings: thresholds grounded in the demo model's score distribution on EuStockMarkets. */
    public static PipelineConfig demoConfig() {
        Properties p = new Properties();
        p.put("application.id", "brink-demo");
        p.put("topics.partitions", "2");
        p.put("batch.size", "64");
        p.put("batch.flush.ms", "100");
        p.put("tier1.distance.below", "0.1");
        p.put("tier1.margin.below", "0.3");
        p.put("tier1.every", "10");
        p.put("tier1.batch.size", "32");
        p.put("tier1.flush.ms", "500");
        p.put("accuracy.buckets", "0.05,0.2,1");
        // Outcomes come 10 trading days (about two weeks of event time) after their window; keep predictions 60 days.
        p.put("predictions.retention.ms", Long.toString(60L * 24 * 3600 * 1000));
        p.put("alert.rule.fragile.field", "distance_linear");
        p.put("alert.rule.fragile.below", "0.02");
        p.put("alert.rule.fragile.raise.after", "2");
        p.put("alert.rule.fragile.resolve.after", "3");
        p.put("alert.rule.fragile.severity", "warning");
        p.put("alert.rule.lowmargin.field", "margin");
        p.put("alert.rule.lowmargin.below.percentile", "5");
        p.put("alert.rule.lowmargin.history", "200");
        p.put("alert.rule.lowmargin.min.history", "50");
        p.put("alert.rule.lowmargin.raise.after", "2");
        p.put("alert.rule.lowmargin.severity", "info");
        p.put("alert.rule.uncertain.field", "entropy");
        p.put("alert.rule.uncertain.above", "1.05");
        p.put("alert.rule.uncertain.raise.after", "3");
        p.put("alert.rule.uncertain.severity", "info");
        // Members disagree: mutual information above the series' own 99th percentile (the epistemic part of the entropy).
        p.put("alert.rule.disagree.field", "mutual_information");
        p.put("alert.rule.disagree.above.percentile", "99");
        p.put("alert.rule.disagree.history", "500");
        p.put("alert.rule.disagree.min.history", "100");
        p.put("alert.rule.disagree.raise.after", "3");
        p.put("alert.rule.disagree.severity", "info");
        p.put("calibration.window", "500");
        // The demo's abstention policy: at most 8% of recent sets hold every class; coverage may dip while that binds.
        p.put("conformal.full.budget", "0.08");
        p.put("calibration.interval.ms", "1000");
        return ConfigLoader.fromProperties(p);
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ModelContract contract = ContractResolver.resolve(ModelRequest.of(model).withUncertainty(List.of(engineOptions.uncertaintyOverride())),
                engineOptions.options());
        out.println("brink demo: " + contract.describe());
        LoadedModel loaded = contract.model();
        double[] cuts = OnnxModelLoader.metadataNumbers(model, "volatility_cuts_pct");
        if (cuts == null || cuts.length != 2) {
            throw new IllegalArgumentException("the demo model must carry volatility_cuts_pct in its metadata");
        }
        if (loaded.classifier().inputSize() != 1) {
            throw new IllegalArgumentException("the demo replays one value per point (daily log-returns); model '" + loaded.name()
                    + "' takes " + loaded.classifier().inputSize() + " features per step");
        }
        try {
            return run(contract, cuts);
        } finally {
            closed.countDown();
        }
    }

    private Integer run(ModelContract contract, double[] cuts) throws Exception {
        PrintStream out = System.out;
        LoadedModel loaded = contract.model();
        BrinkMetrics metrics = new BrinkMetrics(loaded.name());
        AtomicReference<BrinkPipeline> running = new AtomicReference<>();
        // Claim the metrics port first: a busy port fails here, before anything else has started.
        try (MetricsServer server = new MetricsServer("127.0.0.1", metricsPort, metrics,
                () -> running.get() == null ? PipelineHealth.Status.starting() : running.get().health().status())) {
            out.println("brink demo: starting an embedded Kafka broker ...");
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port);
                 EnginePool backend = new EnginePool(loaded, contract.engine())) {
                out.println("brink demo: Kafka at " + broker.bootstrapServers() + " (try: kcat -b " + broker.bootstrapServers()
                        + " -t brink.alerts -C)");
                PipelineConfig config = demoConfig().withWindowLength(contract.windowLength());
                try (BrinkPipeline pipeline = BrinkPipeline.start(broker.bootstrapServers(), loaded, config, new Properties(), backend,
                        metrics, null)) {
                    running.set(pipeline);
                    metrics.bind(pipeline, config);
                    pipeline.awaitRunning(Duration.ofSeconds(60));
                    show(out, broker, config, pipeline, backend, loaded, cuts, "http://127.0.0.1:" + server.port());
                    out.println("brink demo: stopping ...");
                }
            }
        }
        out.println("brink demo: stopped cleanly");
        return 0;
    }

    /** Feeds the pipeline and renders the live table until the duration ends or Ctrl-C. */
    private void show(PrintStream out, EmbeddedKafkaBroker broker, PipelineConfig config, BrinkPipeline pipeline, EnginePool backend,
                      LoadedModel loaded, double[] cuts, String metricsUrl) throws Exception {
        DemoFeed feed = new DemoFeed(broker.bootstrapServers(), config.topics().points(), config.topics().outcomes(), loaded,
                config.windowing().length().getAsInt(), data,
                rate, cuts);
        Thread feeder = new Thread(feed, "brink-demo-feed");
        feeder.setDaemon(true);
        feeder.start();
        out.printf("brink demo: scoring on %s; %s points/s per series; running for %s (Ctrl-C to stop)%n",
                backend.describe(), rate, duration);
        out.printf("brink demo: metrics at %s/metrics, health at %s/health, most fragile series at %s/fragile%n", metricsUrl,
                metricsUrl, metricsUrl);
        CountDownLatch done = new CountDownLatch(1);
        Thread interrupt = new Thread(() -> {
            done.countDown();
            try {
                closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "brink-demo-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupt);
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        long lastPrint = 0;
        try (LiveTable table = new LiveTable(broker.bootstrapServers(), config.topics().scores(), config.topics().alerts(),
                config.topics().outcomes(), config.topics().calibration())) {
            while (done.getCount() > 0 && System.nanoTime() - start < duration.toNanos()) {
                table.poll(Duration.ofMillis(250));
                long now = System.nanoTime();
                if (now - lastPrint > (tty ? 1_000_000_000L : 15_000_000_000L)) {
                    lastPrint = now;
                    if (tty) {
                        out.print("\033[H\033[2J");
                    }
                    double secs = (now - start) / 1e9;
                    out.printf(Locale.ROOT, "brink demo — %.0fs: %d points sent, %d windows scored (%.0f/s), %d at tier 1, "
                                    + "%d alerts raised, %d adversarially perturbed windows injected%n", secs, feed.pointsSent(),
                            table.windows(), table.windows() / secs, table.tier1(), table.alertsRaised(), feed.perturbedWindows());
                    table.render(out);
                    out.println(accuracyLine(pipeline.accuracy()));
                    out.println("metrics: " + metricsUrl + "/metrics   fragile series: " + metricsUrl + "/fragile");
                    out.flush();
                }
            }
        } finally {
            feed.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupt);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the resources close on the way out of call()
            }
        }
    }

    static String accuracyLine(Map<String, double[]> acc) {
        StringBuilder sb = new StringBuilder("online accuracy by robustness bucket (distance_linear):");
        acc.forEach((bucket, c) -> {
            if (c[0] > 0) {
                sb.append(String.format(Locale.ROOT, "  %s %.2f (n=%d)", bucket, c[1] / c[0], (long) c[0]));
            }
        });
        return sb.toString();
    }
}
