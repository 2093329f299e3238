package io.brink.config;

import io.brink.engine.device.DeviceChoice;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Brink's pipeline settings in one typed table, in the style of Kafka's {@code StreamsConfig}: every key with
 * its type, default, validator and documentation, so that parsing, the {@code BRINK_*} environment names and
 * docs/configuration.md all come from here ({@link ConfigDocs}). Alert rules are keyed by name
 * ({@code alert.rule.NAME.*}) and read with their own table, {@link AlertRules#CONFIG}. Tier 1's stage settings
 * ({@code tier1.tolerance}, {@code tier1.attack.steps}, …) are rows generated from the stages' declared options
 * ({@link StageConfig}).
 *
 * <p>Why this class is long: it is the one table of every setting with its documentation, which docs/configuration.md
 * and the environment mapping are generated from; splitting it would split that table.
 */
public final class BrinkConfig extends AbstractConfig {

    public static final String APPLICATION_ID = "application.id";
    public static final String STREAM_THREADS = "stream.threads";
    public static final String DEVICE = "device";
    public static final String CUDA_CACHE = "cuda.cache";
    public static final String STATE_MEMORY_BYTES = "state.memory.bytes";
    public static final String TOPICS_POINTS = "topics.points";
    public static final String TOPICS_SCORES = "topics.scores";
    public static final String TOPICS_ALERTS = "topics.alerts";
    public static final String TOPICS_OUTCOMES = "topics.outcomes";
    public static final String TOPICS_DLQ = "topics.dlq";
    public static final String TOPICS_MODEL_EVENTS = "topics.model.events";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION = "topics.replication";
    public static final String WINDOW_LENGTH = "window.length";
    public static final String WINDOW_STRIDE = "window.stride";
    public static final String WINDOW_GRACE_MS = "window.grace.ms";
    public static final String WINDOW_MAX_AHEAD_MS = "window.max.ahead.ms";
    public static final String SERIES_IDLE_MS = "series.idle.ms";
    public static final String POINTS_MAX_FUTURE_MS = "points.max.future.ms";
    public static final String DLQ_MAX_VALUE_BYTES = "dlq.max.value.bytes";
    public static final String DLQ_MAX_KEY_BYTES = "dlq.max.key.bytes";
    public static final String HEALTH_FAILURE_WINDOW_MS = "health.failure.window.ms";
    public static final String HEALTH_STUCK_MS = "health.stuck.ms";
    public static final String BATCH_SIZE = "batch.size";
    public static final String BATCH_FLUSH_MS = "batch.flush.ms";
    public static final String TIER1_MARGIN_BELOW = "tier1.margin.below";
    public static final String TIER1_DISTANCE_BELOW = "tier1.distance.below";
    public static final String TIER1_EVERY = "tier1.every";
    public static final String TIER1_MAX_PENDING = "tier1.max.pending";
    public static final String TIER1_OVERFLOW = "tier1.overflow";
    public static final String TIER1_BATCH_SIZE = "tier1.batch.size";
    public static final String TIER1_FLUSH_MS = "tier1.flush.ms";
    public static final String ACCURACY_BUCKETS = "accuracy.buckets";
    public static final String PREDICTIONS_RETENTION_MS = "predictions.retention.ms";
    public static final String MODEL_RELOAD_INTERVAL_MS = "model.reload.interval.ms";
    public static final String TOPICS_CALIBRATION = "topics.calibration";
    public static final String TOPICS_CALIBRATION_EVENTS = "topics.calibration.events";
    public static final String CALIBRATION_WINDOW = "calibration.window";
    public static final String CALIBRATION_INTERVAL_MS = "calibration.interval.ms";
    public static final String CONFORMAL_PUBLISH_EVERY = "conformal.publish.every";
    public static final String CONFORMAL_ALPHA = "conformal.alpha";
    public static final String CONFORMAL_GAMMA = "conformal.gamma";
    public static final String CONFORMAL_BATCH = "conformal.batch";
    public static final String CONFORMAL_WINDOW = "conformal.window";
    public static final String CONFORMAL_FULL_PENALTY = "conformal.full.penalty";
    public static final String CONFORMAL_FULL_BUDGET = "conformal.full.budget";
    public static final String CONFORMAL_FULL_BUDGET_WINDOW = "conformal.full.budget.window";
    public static final String ESTIMATE_WINDOW = "accuracy.estimate.window";
    public static final String UNCERTAINTY_METHOD = "uncertainty.method";
    public static final String UNCERTAINTY_PASSES = "uncertainty.passes";
    public static final String UNCERTAINTY_NOISE_SIGMA = "uncertainty.noise.sigma";
    public static final String UNCERTAINTY_DROPOUT_RATE = "uncertainty.dropout.rate";
    public static final String UNCERTAINTY_DROPOUT_LAYERS = "uncertainty.dropout.layers";

    /** Prefix of the alert rules' keys: {@code alert.rule.NAME.KEY}, KEY from {@link AlertRules#CONFIG}. */
    public static final String ALERT_RULE_PREFIX = "alert.rule.";
    /** Prefix of Kafka client properties passed through to every client. */
    public static final String KAFKA_PREFIX = "kafka.";

    private static final String APP = "Application";
    private static final String TOPICS = "Topics";
    private static final String WINDOWS = "Windowing";
    private static final String BATCHES = "Tier-0 batching";
    private static final String TIER1 = "Tier 1";
    private static final String ACCURACY = "Online accuracy";
    private static final String BOUNDS = "Input bounds and dead letters";
    private static final String HEALTH = "Health";
    private static final String RELOAD = "Model reload";
    private static final String CALIBRATION = "Calibration and conformal sets";
    private static final String UNCERTAINTY = "Uncertainty";

    /** The pipeline's settings. */
    public static final ConfigDef CONFIG = StageConfig.define(new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "brink", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: names the consumer group, the state directory and the changelog topics.",
                    APP, 1, Width.MEDIUM, APPLICATION_ID)
            .define(STREAM_THREADS, Type.INT, null, nullOrAtLeast(1), Importance.MEDIUM,
                    "Kafka Streams threads, each taking a share of the partitions. Default: one per core.",
                    APP, 2, Width.SHORT, STREAM_THREADS)
            .define(STATE_MEMORY_BYTES, Type.LONG, 128L << 20, Range.atLeast(0), Importance.MEDIUM,
                    "Memory (bytes) that all RocksDB state stores of an instance share for block cache, index and filter blocks "
                            + "and memtables (half at most), so that state memory stays bounded however many stores and partitions "
                            + "the instance holds. 0 = RocksDB's defaults per store (unbounded in total). Default: 128 MiB.",
                    APP, 3, Width.SHORT, STATE_MEMORY_BYTES)
            .define(DEVICE, Type.STRING, "cpu", deviceName(), Importance.HIGH,
                    "Where the engine computes: cpu; cuda (every GPU, one engine each); cuda:N (GPU N); auto (every GPU when "
                            + "CUDA 13 can be used, else the CPU, saying why in the log). The command line's --device wins. "
                            + "See docs/gpu.md.",
                    APP, 4, Width.SHORT, DEVICE)
            .define(CUDA_CACHE, Type.STRING, "", Importance.LOW,
                    "Directory where the CUDA backend keeps the kernels NVRTC compiled for each GPU (keyed by source, options and "
                            + "NVRTC version, so a GPU machine compiles once). Empty = ~/.cache/brink/cuda. See docs/gpu.md.",
                    APP, 5, Width.MEDIUM, CUDA_CACHE)
            .define(TOPICS_POINTS, Type.STRING, "brink.points", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input: points keyed by series id, {\"series\", \"ts\", \"values\"} (schemas/point.schema.json).",
                    TOPICS, 1, Width.MEDIUM, TOPICS_POINTS)
            .define(TOPICS_SCORES, Type.STRING, "brink.scores", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output: one tier-0 score record per window, a second, tier-1 record for windows that get tier 1.",
                    TOPICS, 2, Width.MEDIUM, TOPICS_SCORES)
            .define(TOPICS_ALERTS, Type.STRING, "brink.alerts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output: one record per state change (raised, resolved) of an alert rule for a series.",
                    TOPICS, 3, Width.MEDIUM, TOPICS_ALERTS)
            .define(TOPICS_OUTCOMES, Type.STRING, "brink.outcomes", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input: realized classes {\"series\", \"ts\", \"class\"}, joined to predictions; co-partitioned with the points.",
                    TOPICS, 4, Width.MEDIUM, TOPICS_OUTCOMES)
            .define(TOPICS_DLQ, Type.STRING, "brink.dlq", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output: every rejected input record with its reason and original bytes.",
                    TOPICS, 5, Width.MEDIUM, TOPICS_DLQ)
            .define(TOPICS_PARTITIONS, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the topics the pipeline creates when they are missing.",
                    TOPICS, 6, Width.SHORT, TOPICS_PARTITIONS)
            .define(TOPICS_REPLICATION, Type.SHORT, (short) 1, Range.atLeast(1), Importance.MEDIUM,
                    "Replication factor of the topics the pipeline creates, and of its changelog topics.",
                    TOPICS, 7, Width.SHORT, TOPICS_REPLICATION)
            .define(TOPICS_MODEL_EVENTS, Type.STRING, "brink.model-events", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic of model reload events (schemas/model-event.schema.json): each new model version accepted or refused, "
                            + "with the reason.",
                    TOPICS, 8, Width.MEDIUM, TOPICS_MODEL_EVENTS)
            .define(WINDOW_LENGTH, Type.INT, null, nullOrAtLeast(1), Importance.HIGH,
                    "Points per window T. Default: the model card's window_length.",
                    WINDOWS, 1, Width.SHORT, WINDOW_LENGTH)
            .define(WINDOW_STRIDE, Type.INT, 1, Range.atLeast(1), Importance.HIGH,
                    "A window every this many points of a series; the first as soon as T points exist.",
                    WINDOWS, 2, Width.SHORT, WINDOW_STRIDE)
            .define(WINDOW_GRACE_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How far (ms of event time) behind a series' latest ts a point may arrive and still be placed in ts "
                            + "order; older points go to the dead-letter topic.",
                    WINDOWS, 3, Width.SHORT, WINDOW_GRACE_MS)
            .define(SERIES_IDLE_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(0), Importance.MEDIUM,
                    "A series whose latest ts is this far (ms of event time) behind the latest ts of its partition has its "
                            + "window, alert and eigenvector state removed (checked every minute), so that state stays bounded as "
                            + "series come and go; its next point starts a new window. 0 = keep every series for ever. Default: 7 days.",
                    WINDOWS, 4, Width.SHORT, SERIES_IDLE_MS)
            .define(POINTS_MAX_FUTURE_MS, Type.LONG, 3_600_000L, Range.atLeast(0), Importance.HIGH,
                    "A point whose ts is more than this (ms) ahead of the wall clock goes to the dead-letter topic "
                            + "(future_point): accepted, it would make every later point of its series late.",
                    BOUNDS, 1, Width.SHORT, POINTS_MAX_FUTURE_MS)
            .define(WINDOW_MAX_AHEAD_MS, Type.LONG, 0L, Range.atLeast(0), Importance.MEDIUM,
                    "A point more than this (ms) ahead of its series' latest ts goes to the dead-letter topic "
                            + "(future_point); 0 = no bound. Leave it off where a series may pause for longer: every point "
                            + "after such a pause would be rejected.",
                    BOUNDS, 2, Width.SHORT, WINDOW_MAX_AHEAD_MS)
            .define(DLQ_MAX_VALUE_BYTES, Type.INT, 65_536, Range.atLeast(0), Importance.MEDIUM,
                    "Original value bytes a dead letter keeps at most; a longer value is cut and the dead letter says so "
                            + "(value_truncated, value_bytes), so that it always fits the producer's request limit.",
                    BOUNDS, 3, Width.SHORT, DLQ_MAX_VALUE_BYTES)
            .define(DLQ_MAX_KEY_BYTES, Type.INT, 1024, Range.atLeast(1), Importance.LOW,
                    "Key bytes (UTF-8) a dead letter keeps at most, in its key field and as its record key (key_truncated).",
                    BOUNDS, 4, Width.SHORT, DLQ_MAX_KEY_BYTES)
            .define(BATCH_SIZE, Type.INT, 256, Range.atLeast(1), Importance.HIGH,
                    "Tier-0 windows scored together at most; a batch is scored as soon as this many wait.",
                    BATCHES, 1, Width.SHORT, BATCH_SIZE)
            .define(BATCH_FLUSH_MS, Type.LONG, 100L, Range.atLeast(1), Importance.HIGH,
                    "Waiting windows are scored at least this often (ms, wall clock); finished tier-1 batches are "
                            + "collected as often.",
                    BATCHES, 2, Width.SHORT, BATCH_FLUSH_MS)
            .define(TIER1_MARGIN_BELOW, Type.DOUBLE, 0.5, Importance.HIGH,
                    "Tier 0 flags a window for tier 1 when its margin (logits) is below this.",
                    TIER1, 1, Width.SHORT, TIER1_MARGIN_BELOW)
            .define(TIER1_DISTANCE_BELOW, Type.DOUBLE, 0.25, Importance.HIGH,
                    "Tier 0 flags a window for tier 1 when its linear distance (normalized input space) is below this.",
                    TIER1, 2, Width.SHORT, TIER1_DISTANCE_BELOW)
            .define(TIER1_EVERY, Type.INT, 20, Range.atLeast(0), Importance.HIGH,
                    "Every Nth window of a series gets tier 1 regardless of its scores (0 = never).",
                    TIER1, 3, Width.SHORT, TIER1_EVERY)
            .define(TIER1_MAX_PENDING, Type.INT, 1024, Range.atLeast(0), Importance.HIGH,
                    "The compute budget: tier-1 windows waiting at most. Flagged windows are queued first, most fragile "
                            + "first; past the budget, selections are skipped.",
                    TIER1, 4, Width.SHORT, TIER1_MAX_PENDING)
            .define(TIER1_OVERFLOW, Type.STRING, "skip", ConfigDef.ValidString.in("skip", "wait"), Importance.MEDIUM,
                    "What happens to a selection when tier1.max.pending windows already wait: skip it (counted in "
                            + "brink_tier1_skipped_total; tier 0 keeps its pace), or wait: the stream thread waits for the "
                            + "running tier-1 batch (backpressure: tier 0 slows to tier 1's pace, input lag grows, no "
                            + "selection is skipped).",
                    TIER1, 11, Width.SHORT, TIER1_OVERFLOW)
            .define(TIER1_BATCH_SIZE, Type.INT, 64, Range.atLeast(1), Importance.MEDIUM,
                    "Tier-1 windows profiled together at most.",
                    TIER1, 5, Width.SHORT, TIER1_BATCH_SIZE)
            .define(TIER1_FLUSH_MS, Type.LONG, 500L, Range.atLeast(1), Importance.MEDIUM,
                    "Tier-1 windows wait at most this long (ms, wall clock) for a fuller batch.",
                    TIER1, 6, Width.SHORT, TIER1_FLUSH_MS)
            .define(ACCURACY_BUCKETS, Type.LIST, "0.1,0.3,1", increasingPositiveNumbers(), Importance.MEDIUM,
                    "Upper edges of the robustness buckets (on distance_linear) for online accuracy, comma-separated.",
                    ACCURACY, 1, Width.MEDIUM, ACCURACY_BUCKETS)
            .define(PREDICTIONS_RETENTION_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(1), Importance.MEDIUM,
                    "How long (ms of event time) a prediction waits for its outcome and an outcome for its prediction; "
                            + "the join keeps about this much of every series' windows in state. Default: 7 days.",
                    ACCURACY, 2, Width.MEDIUM, PREDICTIONS_RETENTION_MS)
            .define(HEALTH_FAILURE_WINDOW_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Not ready (/health/ready 503) while a stream thread failed and was replaced within this many ms: a thread "
                            + "replaced in a loop never looks healthy.",
                    HEALTH, 1, Width.SHORT, HEALTH_FAILURE_WINDOW_MS)
            .define(HEALTH_STUCK_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                    "A task is stuck, and the instance not ready, when its committed input offset has not moved for this many "
                            + "ms while records wait, or when its stream thread has been inside one tier-0 scoring call this long.",
                    HEALTH, 2, Width.SHORT, HEALTH_STUCK_MS)
            .define(MODEL_RELOAD_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(0), Importance.MEDIUM,
                    "How often (ms) the model file named at start (and its card beside it) is checked for a new version; a "
                            + "changed file is validated and swapped in without a restart, or refused while the old version keeps "
                            + "serving. 0 = never. Only that path is watched: no topic or request can point Brink at another file.",
                    RELOAD, 1, Width.SHORT, MODEL_RELOAD_INTERVAL_MS)
            .define(TOPICS_CALIBRATION, Type.STRING, "brink.calibration", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Output: each model's live calibration every calibration.interval.ms, keyed by model "
                            + "(schemas/calibration.schema.json); compacted. The scorers read the latest one for the conformal set rule.",
                    TOPICS, 8, Width.MEDIUM, TOPICS_CALIBRATION)
            .define(TOPICS_CALIBRATION_EVENTS, Type.STRING, "brink.calibration.events", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Internal: each tier-0 batch's prediction confidences and each joined outcome, on their way to the calibration "
                            + "processor, keyed by model (one partition).",
                    TOPICS, 9, Width.MEDIUM, TOPICS_CALIBRATION_EVENTS)
            .define(CALIBRATION_WINDOW, Type.INT, 1000, Range.atLeast(1), Importance.MEDIUM,
                    "Labelled windows in the rolling calibration window (accuracy, ECE, NLL, Brier, reliability diagram, and the "
                            + "histogram-binning calibrator of the accuracy estimate); since-start figures are kept beside it.",
                    CALIBRATION, 1, Width.SHORT, CALIBRATION_WINDOW)
            .define(CALIBRATION_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(100), Importance.MEDIUM,
                    "How often (wall-clock ms) each model's calibration record is written; the scorers' conformal set rule is "
                            + "refreshed from it, so sets lag the calibration by about this much (plus a commit): keep it short "
                            + "when outcomes arrive fast and the data move.",
                    CALIBRATION, 2, Width.SHORT, CALIBRATION_INTERVAL_MS)
            .define(CONFORMAL_ALPHA, Type.DOUBLE, 0.1, Range.between(1e-6, 1 - 1e-6), Importance.MEDIUM,
                    "Target miscoverage α of the adaptive conformal prediction sets: they should hold the realized class 1 − α "
                            + "of the time.",
                    CALIBRATION, 3, Width.SHORT, CONFORMAL_ALPHA)
            .define(CONFORMAL_GAMMA, Type.DOUBLE, io.brink.calibration.CalibrationSettings.DEFAULT_GAMMA, positive(), Importance.MEDIUM,
                    "Step γ of the conformal sets' offset, in nats (on the log scale of p) per batch of conformal.batch outcomes: "
                            + "the offset moves by γ(err - α) after each batch, err its share of outcomes outside their sets. "
                            + "Larger corrects a miscoverage faster and makes set sizes noisier (docs/uncertainty.md).",
                    CALIBRATION, 4, Width.SHORT, CONFORMAL_GAMMA)
            .define(CONFORMAL_BATCH, Type.INT, io.brink.calibration.CalibrationSettings.DEFAULT_BATCH, Range.atLeast(1), Importance.LOW,
                    "Outcomes per step of the conformal offset. One step per batch, whichever rule the batch's windows were given, "
                            + "bounds what a burst of late outcomes judged against a stale rule can move the sets.",
                    CALIBRATION, 8, Width.SHORT, CONFORMAL_BATCH)

            .define(CONFORMAL_PUBLISH_EVERY, Type.INT, 25, Range.atLeast(1), Importance.LOW,
                    "A calibration record (and with it the scorers' set rule) is also written after this many labelled windows, "
                            + "so that the scorers' rule lags the calibration by few outcomes.",
                    CALIBRATION, 7, Width.SHORT, CONFORMAL_PUBLISH_EVERY)
            .define(CONFORMAL_WINDOW, Type.INT, io.brink.calibration.CalibrationSettings.DEFAULT_CONFORMAL_WINDOW, Range.atLeast(1),
                    Importance.LOW,
                    "Recent calibration scores (of the realized class) the conformal quantile is taken over: shorter follows the "
                            + "data faster, with a noisier quantile.",
                    CALIBRATION, 5, Width.SHORT, CONFORMAL_WINDOW)
            .define(CONFORMAL_FULL_PENALTY, Type.DOUBLE, io.brink.calibration.CalibrationSettings.DEFAULT_FULL_PENALTY, Range.atLeast(0),
                    Importance.LOW,
                    "Nats added to the conformal score of each window's least likely class: a set takes a second class for many "
                            + "windows before it takes every class (an abstention). Any fixed score keeps the coverage guarantee; "
                            + "0 turns it off (the score is then -ln p of the class).",
                    CALIBRATION, 9, Width.SHORT, CONFORMAL_FULL_PENALTY)
            .define(CONFORMAL_FULL_BUDGET, Type.DOUBLE, io.brink.calibration.CalibrationSettings.DEFAULT_FULL_BUDGET,
                    Range.between(1e-6, 1.0), Importance.LOW,
                    "At most this share of the last conformal.full.budget.window sets a scorer gives may hold every class; a "
                            + "full set beyond it loses its least likely class. Coverage can fall below target while it binds "
                            + "(docs/uncertainty.md); 1 turns it off.",
                    CALIBRATION, 10, Width.SHORT, CONFORMAL_FULL_BUDGET)
            .define(CONFORMAL_FULL_BUDGET_WINDOW, Type.INT, io.brink.calibration.CalibrationSettings.DEFAULT_FULL_BUDGET_WINDOW,
                    Range.atLeast(1), Importance.LOW,
                    "Recent sets (per scorer and model) the full-set budget counts over.",
                    CALIBRATION, 11, Width.SHORT, CONFORMAL_FULL_BUDGET_WINDOW)
            .define(ESTIMATE_WINDOW, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "Recent predictions (labelled or not) whose calibrated confidences are averaged into the accuracy estimate.",
                    CALIBRATION, 6, Width.SHORT, ESTIMATE_WINDOW)
            .define(UNCERTAINTY_METHOD, Type.STRING, null, nullOrOneOf("single", "input_noise", "mc_dropout"),
                    Importance.MEDIUM,
                    "How a single model's predictive distribution is formed: single (its softmax), input_noise (test-time Gaussian "
                            + "noise) or mc_dropout. Default: the model card's (single when it says nothing). An ensemble (a manifest "
                            + "or a directory of members) always uses its members.",
                    UNCERTAINTY, 1, Width.SHORT, UNCERTAINTY_METHOD)
            .define(UNCERTAINTY_PASSES, Type.INT, null, nullOrAtLeast(2), Importance.LOW,
                    "Stochastic passes S per window for input_noise and mc_dropout (each costs about one forward pass). "
                            + "Default: the card's, else 16.",
                    UNCERTAINTY, 2, Width.SHORT, UNCERTAINTY_PASSES)
            .define(UNCERTAINTY_NOISE_SIGMA, Type.DOUBLE, null, Importance.LOW,
                    "σ of the test-time Gaussian noise, in the model's normalized input units. Default: the card's.",
                    UNCERTAINTY, 3, Width.SHORT, UNCERTAINTY_NOISE_SIGMA)
            .define(UNCERTAINTY_DROPOUT_RATE, Type.DOUBLE, null, Importance.LOW,
                    "MC dropout probability (ONNX export removes dropout, so it is declared here or in the card).",
                    UNCERTAINTY, 4, Width.SHORT, UNCERTAINTY_DROPOUT_RATE)
            .define(UNCERTAINTY_DROPOUT_LAYERS, Type.LIST, null, Importance.LOW,
                    "Recurrent layers (0-based) whose outputs MC dropout drops, comma-separated; the top layer's output is what "
                            + "the head reads. Default: the card's.",
                    UNCERTAINTY, 5, Width.SHORT, UNCERTAINTY_DROPOUT_LAYERS), TIER1, 20);

    /** Parses and validates {@code props} against {@link #CONFIG}; throws ConfigException naming the key. */
    public BrinkConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
    }

    /** The typed settings. */
    public PipelineConfig pipeline() {
        Integer threads = getInt(STREAM_THREADS);
        Integer length = getInt(WINDOW_LENGTH);
        return new PipelineConfig(getString(APPLICATION_ID),
                new Topics(getString(TOPICS_POINTS), getString(TOPICS_SCORES), getString(TOPICS_ALERTS), getString(TOPICS_OUTCOMES),
                        getString(TOPICS_DLQ), getString(TOPICS_MODEL_EVENTS), getString(TOPICS_CALIBRATION),
                        getString(TOPICS_CALIBRATION_EVENTS)),
                new TopicLayout(getInt(TOPICS_PARTITIONS), getShort(TOPICS_REPLICATION)),
                new Windowing(length == null ? OptionalInt.empty() : OptionalInt.of(length), getInt(WINDOW_STRIDE),
                        getLong(WINDOW_GRACE_MS), getLong(POINTS_MAX_FUTURE_MS), getLong(WINDOW_MAX_AHEAD_MS),
                        getLong(SERIES_IDLE_MS)),
                new Batching(getInt(BATCH_SIZE), getLong(BATCH_FLUSH_MS)),
                new Tier1Policy(getDouble(TIER1_MARGIN_BELOW), getDouble(TIER1_DISTANCE_BELOW), getInt(TIER1_EVERY),
                        getInt(TIER1_MAX_PENDING), getInt(TIER1_BATCH_SIZE), getLong(TIER1_FLUSH_MS),
                        Tier1Policy.Overflow.valueOf(getString(TIER1_OVERFLOW).toUpperCase(Locale.ROOT)), StageConfig.read(this)),
                new Accuracy(getList(ACCURACY_BUCKETS).stream().map(s -> Double.parseDouble(s.trim())).toList(),
                        getLong(PREDICTIONS_RETENTION_MS)),
                alertRules(),
                new DeadLetterLimits(getInt(DLQ_MAX_VALUE_BYTES), getInt(DLQ_MAX_KEY_BYTES)),
                new HealthPolicy(getLong(HEALTH_FAILURE_WINDOW_MS), getLong(HEALTH_STUCK_MS)),
                getLong(MODEL_RELOAD_INTERVAL_MS), getLong(STATE_MEMORY_BYTES),
                threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                new CalibrationPolicy(getInt(CALIBRATION_WINDOW), getDouble(CONFORMAL_ALPHA), getDouble(CONFORMAL_GAMMA),
                        getInt(CONFORMAL_WINDOW), getInt(ESTIMATE_WINDOW), getLong(CALIBRATION_INTERVAL_MS),
                        getInt(CONFORMAL_PUBLISH_EVERY), getInt(CONFORMAL_BATCH), getDouble(CONFORMAL_FULL_PENALTY),
                        getDouble(CONFORMAL_FULL_BUDGET), getInt(CONFORMAL_FULL_BUDGET_WINDOW)),
                uncertainty(), DeviceChoice.parse(getString(DEVICE)),
                getString(CUDA_CACHE).isBlank() ? Optional.empty() : Optional.of(java.nio.file.Path.of(getString(CUDA_CACHE).trim())));
    }

    /** The uncertainty settings given here (each empty when not set: the model card's then apply). */
    private UncertaintyOverride uncertainty() {
        List<String> layers = getList(UNCERTAINTY_DROPOUT_LAYERS);
        return new UncertaintyOverride(java.util.Optional.ofNullable(getString(UNCERTAINTY_METHOD)),
                java.util.Optional.ofNullable(getInt(UNCERTAINTY_PASSES)), java.util.Optional.ofNullable(getDouble(UNCERTAINTY_NOISE_SIGMA)),
                java.util.Optional.ofNullable(getDouble(UNCERTAINTY_DROPOUT_RATE)),
                java.util.Optional.ofNullable(layers).map(l -> l.stream().map(v -> {
                    try {
                        return Integer.parseInt(v.trim());
                    } catch (NumberFormatException e) {
                        throw new ConfigException(UNCERTAINTY_DROPOUT_LAYERS, layers, "'" + v + "' is not a layer index");
                    }
                }).toList()));
    }

    /** The rules under {@code alert.rule.NAME.*}, by name; {@link AlertRules#DEFAULTS} when there are none. */
    private List<AlertRule> alertRules() {
        Map<String, Object> all = originalsWithPrefix(ALERT_RULE_PREFIX);
        TreeSet<String> names = new TreeSet<>();
        for (String key : all.keySet()) {
            int dot = key.indexOf('.');
            if (dot > 0) {
                names.add(key.substring(0, dot));
            }
        }
        if (names.isEmpty()) {
            return AlertRules.DEFAULTS;
        }
        List<AlertRule> rules = new ArrayList<>();
        for (String name : names) {
            rules.add(AlertRules.parse(name, originalsWithPrefix(ALERT_RULE_PREFIX + name + ".")));
        }
        return rules;
    }

    /** The environment variable that sets {@code key}: BRINK_ and the key in capitals, dots as underscores. */
    public static String envName(String key) {
        return EnvNames.of(key);
    }

    private static ConfigDef.Validator nullOrAtLeast(int min) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null && ((Number) value).longValue() < min) {
                throw new ConfigException(name, value, "must be at least " + min);
            }
        }, () -> "[" + min + ",...]");
    }

    private static ConfigDef.Validator nullOrOneOf(String... values) {
        ConfigDef.ValidString valid = ConfigDef.ValidString.in(values);
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (value != null) {
                valid.ensureValid(name, value);
            }
        }, valid::toString);
    }

    /** The device grammar is {@link DeviceChoice#parse}'s, the same one the command line and the engine use. */
    private static ConfigDef.Validator deviceName() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                DeviceChoice.parse(value == null ? null : value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "must be " + DeviceChoice.NAMES);
            }
        }, () -> DeviceChoice.NAMES);
    }


    private static ConfigDef.Validator positive() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            if (!(((Number) value).doubleValue() > 0)) {
                throw new ConfigException(name, value, "must be positive");
            }
        }, () -> "(0,...)");
    }

    private static ConfigDef.Validator increasingPositiveNumbers() {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            double last = 0;
            for (Object o : (List<?>) value) {
                double edge;
                try {
                    edge = Double.parseDouble(o.toString().trim());
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, value, "'" + o + "' is not a number");
                }
                if (!(edge > last)) {
                    throw new ConfigException(name, value, "edges must be positive and increasing");
                }
                last = edge;
            }
        }, () -> "positive numbers, increasing");
    }
}
