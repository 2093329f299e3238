package io.brink.stream;

import io.brink.config.PipelineConfig;
import io.brink.config.Topics;
import io.brink.model.LoadedModel;
import io.brink.record.JsonSerde;
import io.brink.record.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds Brink's Kafka Streams topology from small static builders: points → windowing → tier-0 scoring →
 * scores, alert rules, outcome join and tier 1; outcomes → intake → outcome join; rejected records → the
 * dead-letter topic. Each processor owns its stores.
 */
public final class BrinkTopology {

    static final String POINTS_SOURCE = "points-source";
    static final String OUTCOMES_SOURCE = "outcomes-source";
    static final String SCORES_SINK = "scores-sink";
    static final String ALERTS_SINK = "alerts-sink";

    private BrinkTopology() {
    }

    /** Writes any output value as JSON (the stream's message wrappers write the wire record they carry). */
    private static <T> Serializer<T> json() {
        return (topic, value) -> {
            try {
                return value == null ? null : Json.mapper().writeValueAsBytes(value);
            } catch (Exception e) {
                throw new SerializationException("cannot write JSON", e);
            }
        };
    }

    /** The window length of {@code config}, which the model contract must have resolved before the pipeline is built. */
    static int steps(PipelineConfig config) {
        return config.windowing().length().orElseThrow(() -> new IllegalStateException(
                "the pipeline's window length was not resolved: resolve the model contract first (io.brink.contract)"));
    }

    /** The topology; the window length must be resolved ({@code config.windowing().length()} present). */
    public static Topology build(LoadedModel model, PipelineConfig config, ScoringBackend backend, PipelineListener listener) {
        int steps = steps(config);
        Topology topology = new Topology();
        addWindowing(topology, model, config, steps, listener);
        addScoring(topology, config, backend, listener);
        addOutcomes(topology, model, config, listener);
        addCalibration(topology, config, listener);
        Topics t = config.topics();
        topology.addSink(SCORES_SINK, t.scores(), new StringSerializer(), json(), ScoringProcessor.NAME, Tier1Processor.NAME);
        topology.addSink(ALERTS_SINK, t.alerts(), new StringSerializer(), json(), AlertProcessor.NAME);
        topology.addSink(DeadLetters.SINK, t.deadLetters(), new StringSerializer(), json(), WindowingProcessor.NAME,
                ScoringProcessor.NAME, Tier1Processor.NAME, OutcomeIntakeProcessor.NAME, OutcomeJoinProcessor.NAME);
        return topology;
    }

    /**
     * Windowing alone, for benchmarks: points → windowing, with windows counted instead of scored and
     * rejected records still going to the dead-letter topic.
     */
    public static Topology windowingOnly(LoadedModel model, PipelineConfig config, AtomicLong windows) {
        int steps = steps(config);
        Topology topology = new Topology();
        addWindowing(topology, model, config, steps, PipelineListener.NONE);
        topology.addProcessor(ScoringProcessor.NAME, () -> new Processor<String, Messages.ScoringInput, Void, Void>() {
            @Override
            public void process(Record<String, Messages.ScoringInput> record) {
                if (record.value() instanceof Messages.WindowReady) {
                    windows.incrementAndGet();
                }
            }
        }, WindowingProcessor.NAME);
        topology.addSink(DeadLetters.SINK, config.topics().deadLetters(), new StringSerializer(), json(), WindowingProcessor.NAME);
        return topology;
    }

    /** The points source, the windowing processor and its store. */
    private static void addWindowing(Topology topology, LoadedModel model, PipelineConfig config, int steps, PipelineListener listener) {
        topology.addSource(POINTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), config.topics().points());
        topology.addProcessor(WindowingProcessor.NAME, () -> new WindowingProcessor(model, steps, config.windowing(),
                new DeadLetters(config.deadLetters(), listener), listener), POINTS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WindowingProcessor.STORE), Serdes.String(),
                StateSerdes.seriesWindowState()), WindowingProcessor.NAME);
    }

    /** Tier-0 scoring with its pending queue, tier 1 with its queue and eigenvectors, and the alert rules. */
    private static void addScoring(Topology topology, PipelineConfig config, ScoringBackend backend, PipelineListener listener) {
        List<String> scoreChildren = List.of(OutcomeJoinProcessor.NAME, SCORES_SINK, AlertProcessor.NAME);
        topology.addProcessor(ScoringProcessor.NAME, () -> new ScoringProcessor(backend, config.batching(), config.tier1(),
                config.calibration(), listener, new DeadLetters(config.deadLetters(), listener), scoreChildren), WindowingProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringProcessor.PENDING), Serdes.String(),
                StateSerdes.window()), ScoringProcessor.NAME);
        topology.addProcessor(Tier1Processor.NAME, () -> new Tier1Processor(backend, config.tier1(), config.batching(),
                listener, new DeadLetters(config.deadLetters(), listener)), ScoringProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Tier1Processor.PENDING), Serdes.String(),
                StateSerdes.window()), Tier1Processor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Tier1Processor.EIGENVECTORS),
                Serdes.String(), StateSerdes.doubles()), Tier1Processor.NAME);
        topology.addProcessor(AlertProcessor.NAME, () -> new AlertProcessor(config.alerts(), backend.model().name(), listener),
                ScoringProcessor.NAME, Tier1Processor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertProcessor.STORE), Serdes.String(),
                new JsonSerde<>(AlertProcessor.SeriesAlerts.class)), AlertProcessor.NAME);
    }

    /** The outcomes source, the intake and the outcome join with its stores (predictions arrive from tier-0 scoring). */
    private static void addOutcomes(Topology topology, LoadedModel model, PipelineConfig config, PipelineListener listener) {
        topology.addSource(OUTCOMES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), config.topics().outcomes());
        topology.addProcessor(OutcomeIntakeProcessor.NAME, () -> new OutcomeIntakeProcessor(model,
                new DeadLetters(config.deadLetters(), listener)), OUTCOMES_SOURCE);
        topology.addProcessor(OutcomeJoinProcessor.NAME, () -> new OutcomeJoinProcessor(model, config.accuracy(), listener,
                new DeadLetters(config.deadLetters(), listener)), ScoringProcessor.NAME, OutcomeIntakeProcessor.NAME);
        Duration retention = Duration.ofMillis(config.accuracy().predictionRetentionMs());
        for (String store : new String[] {AccuracyBook.PREDICTIONS, AccuracyBook.WAITING_OUTCOMES}) {
            topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(store, retention, Duration.ofMillis(1), false),
                    Serdes.String(), Serdes.String()), OutcomeJoinProcessor.NAME);
        }
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AccuracyBook.ACCURACY), Serdes.String(),
                StateSerdes.doubles()), OutcomeJoinProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AccuracyBook.CLOCK), Serdes.String(),
                Serdes.Long()).withCachingEnabled(), OutcomeJoinProcessor.NAME);
    }

    /**
     * Live calibration: the join's events go through the calibration-events topic (keyed by model) to the calibration
     * processor, whose records go to the calibration topic; every instance keeps the latest set rule per model from that
     * topic in a global store, for tier-0 scoring.
     */
    private static void addCalibration(Topology topology, PipelineConfig config, PipelineListener listener) {
        Topics t = config.topics();
        topology.addSink(OutcomeJoinProcessor.CALIBRATION_SINK, t.calibrationEvents(), new StringSerializer(), json(),
                OutcomeJoinProcessor.NAME, ScoringProcessor.NAME);
        topology.addSource(CalibrationProcessor.SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), t.calibrationEvents());
        topology.addProcessor(CalibrationProcessor.NAME, () -> new CalibrationProcessor(config.calibration(), listener),
                CalibrationProcessor.SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CalibrationProcessor.STORE), Serdes.String(),
                Serdes.String()).withCachingEnabled(), CalibrationProcessor.NAME);
        topology.addSink(CalibrationProcessor.SINK, t.calibration(), new StringSerializer(), json(), CalibrationProcessor.NAME);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CalibrationRulesProcessor.STORE),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(), CalibrationRulesProcessor.SOURCE,
                new StringDeserializer(), new ByteArrayDeserializer(), t.calibration(), CalibrationRulesProcessor.NAME,
                CalibrationRulesProcessor::new);
    }

    /** Kafka Streams settings: exactly-once v2, the given state directory, then {@code kafka} overrides. */
    public static Properties streamsConfig(String bootstrapServers, PipelineConfig config, Properties kafka, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicLayout().replication());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Under exactly-once, sends racing a finishing transaction get CONCURRENT_TRANSACTIONS and are retried after
        // this backoff; the client default (100 ms) would go straight into point-to-score latency.
        p.put(StreamsConfig.producerPrefix("retry.backoff.ms"), 10);
        // Batch changelog and output sends: measured 2x the windowing throughput on the embedded broker
        // (docs/benchmarks.md), for at most 20 ms more latency.
        p.put(StreamsConfig.producerPrefix("linger.ms"), 20);
        p.put(StreamsConfig.producerPrefix("batch.size"), 262144);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // The global store of set rules gets the same exception handling as the rest (Kafka Streams 5.0's default).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        if (config.stateMemoryBytes() > 0) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStateMemory.class);
            p.put(BoundedStateMemory.BYTES, config.stateMemoryBytes());
        }
        p.putAll(kafka);
        if (bootstrapServers != null) {
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return p;
    }
}
