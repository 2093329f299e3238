package io.brink.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.brink.config.PipelineConfig;
import io.brink.record.AlertRecord;
import io.brink.record.CalibrationRecord;
import io.brink.record.DeadLetterReason;
import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import io.brink.stream.BrinkPipeline;
import io.brink.stream.PipelineListener;
import io.brink.engine.RobustnessEngine;
import io.brink.record.ModelEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Brink's metrics, exported through Micrometer's Prometheus registry under the prefix {@code brink_}.
 * Labels stay bounded (model, tier, rule, severity, state, DLQ reason code, robustness bucket), never the
 * series id; the most fragile series are served as JSON instead (see {@link #fragile(int)}).
 */
public final class BrinkMetrics implements PipelineListener {

    static final double[] DISTANCE_BUCKETS = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};
    static final double[] MARGIN_BUCKETS = {0.05, 0.1, 0.2, 0.5, 1, 2, 5};
    static final double[] CURVATURE_BUCKETS = {0.01, 0.1, 1, 10, 100, 1000};
    static final double[] ENTROPY_BUCKETS = {0.1, 0.25, 0.5, 0.75, 1.0, 1.1};
    static final double[] HVP_BUCKETS = {1, 2, 4, 8, 16, 32, 64};

    /**
     * The latest tier-0 score of one series and its latest tier-1 results (with their own ts), for /fragile;
     * fields absent when the window had no such value.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record SeriesState(@JsonProperty("series") String series, @JsonProperty("ts") long ts,
                              @JsonProperty("predicted") String predicted, @JsonProperty("margin") OptionalDouble margin,
                              @JsonProperty("distance_linear") OptionalDouble distanceLinear,
                              @JsonProperty("tier1_ts") Optional<Long> tier1Ts,
                              @JsonProperty("distance_lower") OptionalDouble distanceLower,
                              @JsonProperty("attack_distance") OptionalDouble attackDistance) {

        SeriesState withTier0(ScoreRecord s) {
            return new SeriesState(s.series(), s.ts(), s.predicted(), s.margin(), s.distanceLinear(), tier1Ts, distanceLower,
                    attackDistance);
        }

        SeriesState withTier1(ScoreRecord s) {
            return new SeriesState(series, ts, predicted, margin, distanceLinear, Optional.of(s.ts()), s.distanceLower(),
                    s.attackFlipDistance());
        }
    }

    private final PrometheusMeterRegistry registry;
    private final String model;
    private final Map<String, SeriesState> latest = new ConcurrentHashMap<>();
    private final DistributionSummary margin;
    private final DistributionSummary distanceLinear;
    private final DistributionSummary distanceLower;
    private final DistributionSummary distanceUpper;
    private final DistributionSummary attackDistance;
    private final DistributionSummary curvature;
    private final Counter negativeCurvature;
    private final DistributionSummary entropy;
    private final DistributionSummary hvps;
    /** Per tier (index 0, 1): registered once, since they are updated per window or per batch on the stream thread. */
    private final Counter[] windowsByTier = new Counter[2];
    private final DistributionSummary[] batchSizeByTier = new DistributionSummary[2];
    private final Timer[] batchDurationByTier = new Timer[2];
    private final Map<DeadLetterReason, Counter> deadLetters = new java.util.EnumMap<>(DeadLetterReason.class);
    private final Counter tier1Skipped;
    private final Counter seriesEvicted;
    private final Map<ModelEvent.Result, Counter> reloads = new java.util.EnumMap<>(ModelEvent.Result.class);
    private volatile Gauge modelInfo;
    private final DistributionSummary mutualInformation;
    private final DistributionSummary setSize;
    private final CalibrationGauges calibration;

    public BrinkMetrics(String model) {
        this.model = model;
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaClientMeters.configure(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        margin = summary("brink.window.margin", "logit margin z_predicted - z_runner_up of tier-0 scores", MARGIN_BUCKETS);
        distanceLinear = summary("brink.window.distance.linear", "linear distance estimate t/|J| of tier-0 scores (input space)",
                DISTANCE_BUCKETS);
        distanceLower = summary("brink.window.distance.lower", "quadratic-model lower distance estimate of tier-1 scores",
                DISTANCE_BUCKETS);
        distanceUpper = summary("brink.window.distance.upper", "quadratic-model upper distance estimate of tier-1 scores",
                DISTANCE_BUCKETS);
        attackDistance = summary("brink.window.attack.distance", "verified attack distance (a true upper bound) of tier-1 scores",
                DISTANCE_BUCKETS);
        curvature = summary("brink.window.curvature", "top Hessian eigenvalue of tier-1 scores where it is non-negative",
                CURVATURE_BUCKETS);
        negativeCurvature = Counter.builder("brink.window.curvature.negative").description("tier-1 windows whose top Hessian eigenvalue is negative")
                .tag("model", model).register(registry);
        entropy = summary("brink.window.entropy", "entropy of the predicted probabilities (nats) of tier-0 scores", ENTROPY_BUCKETS);
        hvps = summary("brink.window.hessian.vector.products", "Hessian-vector products spent per tier-1 window", HVP_BUCKETS);
        mutualInformation = summary("brink.window.mutual.information", "mutual information (nats) between the prediction and the "
                + "members of tier-0 scores: the epistemic part of the entropy (ensembles, noise, MC dropout)", ENTROPY_BUCKETS);
        setSize = summary("brink.window.prediction.set.size", "classes in the conformal prediction set of tier-0 scores "
                + "(an empty set counts in le=0.5)", new double[] {0.5, 1, 2, 3, 5, 10});
        calibration = new CalibrationGauges(registry, model);
        for (int tier = 0; tier <= 1; tier++) {
            windowsByTier[tier] = windows(tier);
            batchSizeByTier[tier] = batchSize(tier);
            batchDurationByTier[tier] = batchTimer(tier);
        }
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLetters.put(r, dlq(r));
        }
        Gauge.builder("brink.engine.offheap", RobustnessEngine::offHeapBytes).baseUnit("bytes")
                .description("off-heap memory of the ND4J buffers the engines hold (matrix-product staging buffers and weights)")
                .register(registry);
        tier1Skipped = Counter.builder("brink.tier1.skipped").description("windows selected for tier 1 but skipped: the tier-1 "
                + "queue held tier1.max.pending windows (tier1.overflow=skip)").tag("model", model).register(registry);
        seriesEvicted = Counter.builder("brink.series.evicted").description("series whose window state was removed after "
                + "series.idle.ms without a point").register(registry);
        for (ModelEvent.Result r : ModelEvent.Result.values()) {
            reloads.put(r, Counter.builder("brink.model.reloads").description("new model versions accepted or refused")
                    .tag("model", model).tag("result", r.code()).register(registry));
        }
    }

    /** The version serving now, as {@code brink_model_info{model, version} 1} (one series at a time). */
    public void modelServing(String version) {
        Gauge old = modelInfo;
        if (old != null) {
            registry.remove(old);
        }
        modelInfo = Gauge.builder("brink.model.info", () -> 1).description("the model version serving (label version)")
                .tag("model", model).tag("version", version).register(registry);
    }

    /** Counts a model reload event; an accepted version becomes the one {@code brink_model_info} names. */
    public void modelEvent(ModelEvent e) {
        reloads.get(e.result()).increment();
        if (e.result() == ModelEvent.Result.ACCEPTED) {
            modelServing(e.serving());
        }
    }

    @Override
    public void tier1Skipped() {
        tier1Skipped.increment();
    }

    @Override
    public void seriesEvicted(String series) {
        seriesEvicted.increment();
        latest.remove(series);
    }

    private DistributionSummary summary(String name, String description, double[] buckets) {
        return DistributionSummary.builder(name).description(description).tag("model", model).serviceLevelObjectives(buckets)
                .register(registry);
    }

    private Counter windows(int tier) {
        return Counter.builder("brink.windows.scored").description("windows scored").tag("model", model)
                .tag("tier", Integer.toString(tier)).register(registry);
    }

    private DistributionSummary batchSize(int tier) {
        return DistributionSummary.builder("brink.scoring.batch.size").description("windows per scoring batch")
                .tag("tier", Integer.toString(tier)).publishPercentileHistogram().minimumExpectedValue(1.0)
                .maximumExpectedValue(4096.0).register(registry);
    }

    private Timer batchTimer(int tier) {
        return Timer.builder("brink.scoring.batch.duration").description("time to score a batch (tier 1: from start to results)")
                .tag("tier", Integer.toString(tier)).publishPercentileHistogram().register(registry);
    }

    private Counter dlq(DeadLetterReason reason) {
        return Counter.builder("brink.dlq.records").description("records sent to the dead-letter topic")
                .tag("reason", reason.code()).register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }


    /**
     * Binds a running pipeline: Kafka Streams' client metrics, its health (ready, stream threads replaced, stuck tasks),
     * and online accuracy per robustness bucket read from its state.
     */
    public void bind(BrinkPipeline pipeline, PipelineConfig config) {
        new KafkaStreamsMetrics(pipeline.streams()).bindTo(registry);
        Gauge.builder("brink.ready", () -> pipeline.health().status().ready() ? 1 : 0)
                .description("1 while the pipeline scores (see /health/ready), 0 otherwise").register(registry);
        Gauge.builder("brink.tasks.stuck", () -> pipeline.health().stuckTasks())
                .description("tasks whose committed input offset has not moved for health.stuck.ms while records wait, and stream threads held in one scoring call that long").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("brink.stream.thread.replacements", pipeline.health(),
                h -> h.threadReplacements()).description("stream threads that failed and were replaced").register(registry);
        List<String> all = new ArrayList<>(config.accuracy().bucketNames());
        all.add(0, "overall");
        for (String b : all) {
            Gauge.builder("brink.online.accuracy", () -> {
                double[] c = pipeline.accuracy().get(b);
                return c == null || c[0] == 0 ? Double.NaN : c[1] / c[0];
            }).description("share of predictions matching their realized outcome, since the state began").tag("bucket", b)
                    .register(registry);
            Gauge.builder("brink.online.outcomes", () -> {
                double[] c = pipeline.accuracy().get(b);
                return c == null ? 0 : c[0];
            }).description("predictions joined to an outcome, since the state began").tag("bucket", b).register(registry);
        }
    }

    @Override
    public void tier0Scored(int windows, long nanos) {
        batchSizeByTier[0].record(windows);
        batchDurationByTier[0].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void tier1Scored(int windows, long nanos) {
        batchSizeByTier[1].record(windows);
        batchDurationByTier[1].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void scored(ScoreRecord s) {
        windowsByTier[s.tier().number()].increment();
        if (s.tier() == Tier.ZERO) {
            s.margin().ifPresent(margin::record);
            s.distanceLinear().ifPresent(distanceLinear::record);
            s.entropy().ifPresent(entropy::record);
            s.mutualInformation().ifPresent(mutualInformation::record);
            s.predictionSet().ifPresent(set -> setSize.record(set.size()));
            latest.merge(s.series(), new SeriesState(s.series(), s.ts(), s.predicted(), s.margin(), s.distanceLinear(),
                    Optional.empty(), OptionalDouble.empty(), OptionalDouble.empty()), (prev, x) -> prev.withTier0(s));
            return;
        }
        s.distanceLower().ifPresent(distanceLower::record);
        s.distanceUpper().ifPresent(distanceUpper::record);
        s.attackFlipDistance().ifPresent(attackDistance::record);
        s.curvature().ifPresent(nu -> {
            if (nu < 0) {
                negativeCurvature.increment();
            } else {
                curvature.record(nu);
            }
        });
        s.hessianVectorProducts().ifPresent(hvps::record);
        latest.computeIfPresent(s.series(), (k, prev) -> prev.withTier1(s));
    }

    @Override
    public void alert(AlertRecord a) {
        Counter.builder("brink.alerts").description("alert state changes").tag("rule", a.rule()).tag("severity", a.severity())
                .tag("state", a.state()).register(registry).increment();
    }

    @Override
    public void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    @Override
    public void outcomeJoined(String bucket, boolean correct) {
        Counter.builder("brink.outcomes.joined").description("outcomes joined to their prediction").tag("bucket", bucket)
                .tag("correct", Boolean.toString(correct)).register(registry).increment();
    }

    @Override
    public void calibrated(CalibrationRecord r) {
        calibration.update(r);
    }

    /** The {@code k} series whose latest window is closest to the decision boundary (by distance_linear). */
    public List<SeriesState> fragile(int k) {
        return latest.values().stream().filter(s -> s.distanceLinear().isPresent())
                .sorted(Comparator.comparingDouble(s -> s.distanceLinear().getAsDouble())).limit(k).toList();
    }

    /** Text exposition for a Prometheus scrape. */
    public String scrape() {
        return registry.scrape();
    }
}
