package io.brink.stream;

import io.brink.config.PipelineConfig;
import io.brink.model.LoadedModel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running Brink pipeline: topics ensured, the topology started as a Kafka Streams application with
 * exactly-once processing, a failed stream thread replaced (and counted), and its health judged every second
 * ({@link PipelineHealth}). Closing it stops the application cleanly; a temporary state directory is deleted.
 */
public final class BrinkPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrinkPipeline.class);

    private final KafkaStreams streams;
    private final Path stateDir;
    private final boolean temporaryState;
    private final PipelineHealth health;
    private final ScheduledExecutorService observer;
    private final PipelineConfig config;

    /**
     * Reads the end offsets of input partitions whose task has not learned them: a stream thread blocked on its first batch
     * never polls again, so its own view of what waits stays empty and the task would never look stuck.
     */
    private final org.apache.kafka.clients.admin.Admin admin;
    private final TimedBackend timed;

    private BrinkPipeline(KafkaStreams streams, Path stateDir, boolean temporaryState, PipelineHealth health, PipelineConfig config,
                          org.apache.kafka.clients.admin.Admin admin, TimedBackend timed) {
        this.admin = admin;
        this.timed = timed;
        this.config = config;
        this.streams = streams;
        this.stateDir = stateDir;
        this.temporaryState = temporaryState;
        this.health = health;
        this.observer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brink-health");
            t.setDaemon(true);
            return t;
        });
        observer.scheduleAtFixedRate(this::observe, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * The last stable offsets (read_committed, as the pipeline reads) of {@code partitions}, from the brokers; empty when
     * none is asked for or the brokers do not answer within half a second (the observation then judges without them).
     */
    private Map<TopicPartition, Long> endOffsets(java.util.Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ask = new java.util.HashMap<>();
        partitions.forEach(tp -> ask.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            admin.listOffsets(ask, new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                    .all().get(500, TimeUnit.MILLISECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Map.of();
        }
    }

    /** What the last observation saw of the tasks (diagnostics for tests). */
    String progressForTests() {
        try {
            List<String> out = new ArrayList<>();
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                out.add(thread.threadName() + " " + thread.threadState());
                for (TaskMetadata task : thread.activeTasks()) {
                    out.add(task.taskId() + " committed " + task.committedOffsets() + " end " + task.endOffsets());
                }
            }
            return out.toString();
        } catch (RuntimeException e) {
            return "metadata unavailable: " + e;
        }
    }

    private void observe() {
        try {
            // One read of the threads' metadata: each input partition's committed offset and, where the task knows it, its end.
            record Seen(String task, TopicPartition partition, long committed, long end) {
            }
            List<Seen> seen = new ArrayList<>();
            List<PipelineHealth.BlockedThread> calls = new ArrayList<>();
            Map<String, Long> inCall = timed.inCall();
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                Long since = inCall.get(thread.threadName());
                if (since != null) {
                    calls.add(new PipelineHealth.BlockedThread(thread.threadName(), since, thread.activeTasks().stream()
                            .map(t -> t.taskId().toString()).collect(java.util.stream.Collectors.toSet())));
                }
                for (TaskMetadata task : thread.activeTasks()) {
                    for (Map.Entry<TopicPartition, Long> e : task.committedOffsets().entrySet()) {
                        seen.add(new Seen(task.taskId().toString(), e.getKey(), e.getValue(),
                                task.endOffsets().getOrDefault(e.getKey(), -1L)));
                    }
                }
            }
            Map<TopicPartition, Long> ends = endOffsets(seen.stream().filter(x -> x.end() < 0).map(Seen::partition)
                    .collect(java.util.stream.Collectors.toSet()));
            List<PipelineHealth.TaskProgress> tasks = new ArrayList<>();
            for (Seen x : seen) {
                tasks.add(new PipelineHealth.TaskProgress(x.task(), x.partition().toString(), x.committed(),
                        x.end() >= 0 ? x.end() : ends.getOrDefault(x.partition(), -1L)));
            }
            health.observe(System.currentTimeMillis(), streams.state().name(), tasks, calls, true);
        } catch (RuntimeException e) {
            // metadata is unavailable while the client starts or stops: judge from the state alone
            health.observe(System.currentTimeMillis(), streams.state().name(), List.of(), true);
        }
    }

    /**
     * Starts the pipeline against {@code bootstrapServers}. {@code config}'s window length must be resolved (the model
     * contract does that, once). {@code stateDir} null = a temporary directory deleted on close.
     */
    public static BrinkPipeline start(String bootstrapServers, LoadedModel model, PipelineConfig config, Properties kafka,
                                      ScoringBackend backend, PipelineListener listener, Path stateDir) {
        PipelineConfig c = config;
        BrinkTopology.steps(c);
        TopicSetup.ensure(bootstrapServers, kafka, c);
        boolean temporary = stateDir == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory(Files.createDirectories(temporaryStateRoot()), "state-")
                    : Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory", e);
        }
        TimedBackend timed = new TimedBackend(backend);
        KafkaStreams streams = new KafkaStreams(BrinkTopology.build(model, c, timed, listener),
                BrinkTopology.streamsConfig(bootstrapServers, c, kafka, dir));
        PipelineHealth health = new PipelineHealth(c.health().failureWindowMs(), c.health().stuckMs());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("a stream thread failed; replacing it", e);
            health.threadFailed(System.currentTimeMillis(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(io.brink.config.KafkaClientProperties
                .forClient(kafka, org.apache.kafka.clients.admin.AdminClientConfig.configNames(), bootstrapServers));
        return new BrinkPipeline(streams, dir, temporary, health, c, admin, timed);
    }

    /**
     * Where temporary state directories go: {@code $XDG_CACHE_HOME/brink} or {@code ~/.cache/brink}, not the OS temp
     * directory, which an OS may clean under a running application (Kafka Streams warns about it, with reason).
     */
    public static Path temporaryStateRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("brink");
    }

    /** The settings it runs with, the window length resolved. */
    public PipelineConfig config() {
        return config;
    }

    /** Liveness and readiness, as last observed. */
    public PipelineHealth health() {
        return health;
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
        observer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
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
