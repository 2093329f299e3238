package io.brink.reload;

import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import io.brink.record.ModelEvent;
import io.brink.stream.EnginePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the model file named at start, and the card beside it, for a new version: every interval it compares
 * their sizes and modification times; a change that has held still for one interval (so that a file being
 * copied in is not read half-written; replacing it by a rename is better still) is read, validated by
 * {@link ModelValidator} and either swapped into the engine pool or refused. Either way one {@link ModelEvent}
 * goes to every sink (log, metric, the model-events topic). A version equal to the serving one (the same bytes
 * touched again) is ignored. Only {@code path} is ever read: nothing from a topic or a request names a file.
 */
public final class ModelReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelReloader.class);

    private final Path path;
    private final Source source;

    /** Reads the model's current version as the serving one was read (the same contract request). */
    @FunctionalInterface
    public interface Source {
        LoadedModel load() throws IOException;
    }

    private final EnginePool pool;
    private final ModelValidator validator;
    private final List<Consumer<ModelEvent>> sinks;
    private final ScheduledExecutorService timer;
    private List<String> seen;
    private List<String> changed;

    /**
     * A reloader of {@code path} (and the files it reads, watched) into {@code pool}; {@code source} reads each new version
     * as the serving one was read (the command's model contract, with its command line and configuration); events go to
     * {@code sinks}.
     */
    public ModelReloader(Path path, Source source, EnginePool pool, ModelValidator validator,
                         List<Consumer<ModelEvent>> sinks) {
        this.path = path;
        this.source = source;
        this.pool = pool;
        this.validator = validator;
        this.sinks = List.copyOf(sinks);
        this.seen = fingerprint();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "brink-model-reload");
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks every {@code intervalMs} from now on (0: never). */
    public ModelReloader start(long intervalMs) {
        if (intervalMs > 0) {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    check();
                } catch (RuntimeException e) {
                    LOG.error("model reload check failed", e);
                }
            }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * One check: the event it led to, if any. A change is acted on at the first check that finds it unchanged
     * since the check before; the same version written again leads to none.
     */
    synchronized Optional<ModelEvent> check() {
        List<String> now = fingerprint();
        if (now.equals(seen)) {
            changed = null;
            return Optional.empty();
        }
        if (!now.equals(changed)) {
            changed = now;
            return Optional.empty();
        }
        seen = now;
        changed = null;
        return tryReload();
    }

    /**
     * Reads, validates and swaps in the file's current version, or refuses it, and tells the sinks; nothing when
     * the file holds the version already serving.
     */
    synchronized Optional<ModelEvent> tryReload() {
        LoadedModel serving = pool.model();
        LoadedModel candidate;
        try {
            candidate = source.load();
        } catch (IOException | RuntimeException e) {
            return Optional.of(tell(event(serving, Optional.empty(), serving, ModelEvent.Result.REFUSED,
                    Optional.of("cannot read it: " + e.getMessage()))));
        }
        if (candidate.version().equals(serving.version())) {
            return Optional.empty();
        }
        Optional<String> refusal = validator.refusal(serving, candidate, pool.lastWindow());
        if (refusal.isPresent()) {
            return Optional.of(tell(event(serving, Optional.of(candidate.version()), serving, ModelEvent.Result.REFUSED, refusal)));
        }
        pool.swap(candidate);
        return Optional.of(tell(event(serving, Optional.of(candidate.version()), candidate, ModelEvent.Result.ACCEPTED,
                Optional.empty())));
    }

    private ModelEvent event(LoadedModel previous, Optional<String> candidate, LoadedModel serving, ModelEvent.Result result,
                             Optional<String> reason) {
        return new ModelEvent(previous.name(), path.getFileName().toString(), candidate, serving.version(), previous.version(),
                result, reason, System.currentTimeMillis());
    }

    private ModelEvent tell(ModelEvent e) {
        if (e.result() == ModelEvent.Result.ACCEPTED) {
            LOG.info("model {}: version {} now serves (was {})", e.model(), e.serving(), e.previous());
        } else {
            LOG.warn("model {}: new version {} refused, {} keeps serving: {}", e.model(), e.candidate().orElse("(unreadable)"),
                    e.serving(), e.reason().orElse(""));
        }
        for (Consumer<ModelEvent> sink : sinks) {
            try {
                sink.accept(e);
            } catch (RuntimeException ex) {
                LOG.error("a model event sink failed", ex);
            }
        }
        return e;
    }

    /** Path, size and modification time of the model file and of its card, if one is beside it. */
    private List<String> fingerprint() {
        List<String> out = new ArrayList<>();
        for (Path p : OnnxModelLoader.files(path)) {
            try {
                out.add(p.getFileName() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                out.add(p.getFileName() + ":missing");
            }
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
