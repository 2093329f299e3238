package io.brink.stream;

import io.brink.model.LoadedModel;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Builds Brink's Kafka Streams topology: points → windowing → batched, tiered scoring → scores and
 * alerts, outcomes → accuracy, rejected records → dead-letter topic.
 */
public final class BrinkTopology {

    static final String POINTS_SOURCE = "points-source";

    /** Writes any record of the output topics as JSON. */
    private static final Serializer<Object> JSON = (topic, value) -> {
        try {
            return value == null ? null : JsonSerde.MAPPER.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new SerializationException("cannot write JSON", e);
        }
    };
    static final String OUTCOMES_SOURCE = "outcomes-source";

    private BrinkTopology() {
    }

    /** The topology; {@code config.windowLength()} must be set. */
    public static Topology build(LoadedModel model, PipelineConfig config, ScoringBackend backend, PipelineListener listener) {
        return build(model, config, backend, listener, BULK_EXECUTOR);
    }

    /** Runs tier-1 batches off the stream threads; daemon threads, shared by all pipelines of the process. */
    static final java.util.concurrent.ExecutorService BULK_EXECUTOR = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "brink-tier1");
        t.setDaemon(true);
        return t;
    });

    /** The topology, with tier-1 batches run on {@code bulk}. */
    public static Topology build(LoadedModel model, PipelineConfig config, ScoringBackend backend, PipelineListener listener,
                                 java.util.concurrent.ExecutorService bulk) {
        if (config.windowLength() == null) {
            throw new IllegalArgumentException("the window length is unknown: set window.length or the model card's window_length");
        }
        Topics t = config.topics();
        Topology topology = new Topology();
        addWindowing(topology, model, config, listener);
        topology.addSource(OUTCOMES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), t.outcomes());
        topology.addProcessor(ScoringProcessor.NAME, () -> new ScoringProcessor(model, backend, bulk, config, listener),
                WindowingProcessor.NAME);
        topology.addProcessor(AlertProcessor.NAME, () -> new AlertProcessor(config.rules(), model.name(), listener),
                ScoringProcessor.NAME);
        topology.addProcessor(OutcomeProcessor.NAME, () -> new OutcomeProcessor(model, config.predictionRetentionMs(), listener),
                OUTCOMES_SOURCE);
        topology.addSink("scores-sink", t.scores(), new StringSerializer(), JSON, ScoringProcessor.NAME);
        topology.addSink("alerts-sink", t.alerts(), new StringSerializer(), JSON, AlertProcessor.NAME);
        topology.addSink(DeadLetters.SINK, t.deadLetters(), new StringSerializer(), JSON, WindowingProcessor.NAME,
                OutcomeProcessor.NAME);

        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringProcessor.PENDING),
                Serdes.String(), BinarySerdes.windowTask()), ScoringProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringProcessor.TIER1_PENDING),
                Serdes.String(), BinarySerdes.windowTask()), ScoringProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoringProcessor.EIGENVECTORS),
                Serdes.String(), BinarySerdes.doubles()), ScoringProcessor.NAME);
        Duration retention = Duration.ofMillis(config.predictionRetentionMs());
        for (String store : new String[] {AccuracyBook.PREDICTIONS, AccuracyBook.WAITING_OUTCOMES}) {
            topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(store, retention, Duration.ofMillis(1), false),
                    Serdes.String(), Serdes.String()), ScoringProcessor.NAME, OutcomeProcessor.NAME);
        }
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AccuracyBook.ACCURACY),
                Serdes.String(), BinarySerdes.doubles()), ScoringProcessor.NAME, OutcomeProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AccuracyBook.CLOCK),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), ScoringProcessor.NAME, OutcomeProcessor.NAME);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertProcessor.STORE),
                Serdes.String(), new JsonSerde<>(AlertProcessor.SeriesAlerts.class)), AlertProcessor.NAME);
        return topology;
    }

    /**
     * Windowing alone, for benchmarks: points → windowing, with windows counted instead of scored and
     * rejected records still going to the dead-letter topic.
     */
    public static Topology windowingOnly(LoadedModel model, PipelineConfig config, java.util.concurrent.atomic.AtomicLong windows) {
        Topics t = config.topics();
        Topology topology = new Topology();
        addWindowing(topology, model, config, PipelineListener.NONE);
        topology.addProcessor(ScoringProcessor.NAME, () -> new org.apache.kafka.streams.processor.api.Processor<String, WindowTask, Void, Void>() {
            @Override
            public void process(org.apache.kafka.streams.processor.api.Record<String, WindowTask> record) {
                windows.incrementAndGet();
            }
        }, WindowingProcessor.NAME);
        topology.addSink(DeadLetters.SINK, t.deadLetters(), new StringSerializer(), JSON, WindowingProcessor.NAME);
        return topology;
    }

    /** The points source, the windowing processor and its store: the same in the pipeline and in the windowing benchmark. */
    private static void addWindowing(Topology topology, LoadedModel model, PipelineConfig config, PipelineListener listener) {
        topology.addSource(POINTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), config.topics().points());
        topology.addProcessor(WindowingProcessor.NAME,
                () -> new WindowingProcessor(model, config.windowLength(), config.stride(), config.graceMs(), listener), POINTS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WindowingProcessor.STORE), Serdes.String(),
                BinarySerdes.seriesWindowState()), WindowingProcessor.NAME);
    }

    /** Kafka Streams settings: exactly-once v2, the given state directory, then {@code kafka} overrides. */
    public static Properties streamsConfig(String bootstrapServers, PipelineConfig config, Properties kafka, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replication());
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
        // Brink has no global stores; opting in to Kafka Streams 5.0's default only silences a warning per instance.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.putAll(kafka);
        if (bootstrapServers != null) {
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return p;
    }
}
