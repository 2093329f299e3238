package io.brink.stream;

import io.brink.config.PipelineConfig;
import io.brink.model.LoadedModel;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A running Brink pipeline: topics ensured, the topology started as a Kafka Streams application with
 * exactly-once processing. Closing it stops the application cleanly; a temporary state directory is
 * deleted.
 */
public final class BrinkPipeline implements AutoCloseable {

    private final KafkaStreams streams;
    private final Path stateDir;
    private final boolean temporaryState;

    private BrinkPipeline(KafkaStreams streams, Path stateDir, boolean temporaryState) {
        this.streams = streams;
        this.stateDir = stateDir;
        this.temporaryState = temporaryState;
    }

    /**
     * Starts the pipeline against {@code bootstrapServers}. {@code stateDir} null = a temporary directory
     * deleted on close.
     */
    public static BrinkPipeline start(String bootstrapServers, LoadedModel model, PipelineConfig config, Properties kafka,
                                      ScoringBackend backend, PipelineListener listener, Path stateDir) {
        PipelineConfig c = config;
        if (config.windowing().length().isEmpty()) {
            c = config.withWindowLength(model.card().windowLength().orElseThrow(() -> new IllegalArgumentException(
                    "the window length is unknown: set window.length or the model card's window_length")));
        }
        TopicSetup.ensure(bootstrapServers, kafka, c);
        boolean temporary = stateDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("brink-state-") : Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory", e);
        }
        KafkaStreams streams = new KafkaStreams(BrinkTopology.build(model, c, backend, listener),
                BrinkTopology.streamsConfig(bootstrapServers, c, kafka, dir));
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        streams.start();
        return new BrinkPipeline(streams, dir, temporary);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Waits until the application is RUNNING (or fails). */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR
                    || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the pipeline did not reach RUNNING: " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    /** Online accuracy by bucket: name → [windows with an outcome, correct], "overall" first. */
    public Map<String, double[]> accuracy() {
        try {
            ReadOnlyKeyValueStore<String, double[]> store = streams.store(
                    StoreQueryParameters.fromNameAndType(AccuracyBook.ACCURACY, QueryableStoreTypes.keyValueStore()));
            return AccuracyBook.read(store);
        } catch (RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        if (temporaryState) {
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory left behind is not worth failing a clean stop for
        }
    }
}
