package io.brink.stream;

import io.brink.engine.ProfileOptions;
import io.brink.engine.WindowBatch;
import io.brink.model.LoadedModel;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ScoringBackend} that remembers, per stream thread, since when it has been inside a fast-lane scoring call,
 * so that the health observer can tell a thread held in one call (a blocked engine) from one that is merely idle — also
 * when the thread committed all its input before it blocked, and no record waits.
 */
final class TimedBackend implements ScoringBackend {

    private final ScoringBackend backend;
    private final Map<String, Long> inCallSince = new ConcurrentHashMap<>();

    TimedBackend(ScoringBackend backend) {
        this.backend = backend;
    }

    @Override
    public BatchResult score(WindowBatch batch, ProfileOptions options) {
        String thread = Thread.currentThread().getName();
        inCallSince.put(thread, System.currentTimeMillis());
        try {
            return backend.score(batch, options);
        } finally {
            inCallSince.remove(thread);
        }
    }

    /** Thread name → the wall-clock ms its current fast-lane call began, for the threads inside one now. */
    Map<String, Long> inCall() {
        return Map.copyOf(inCallSince);
    }

    @Override
    public CompletableFuture<BatchResult> submit(WindowBatch batch, ProfileOptions options) {
        return backend.submit(batch, options);
    }

    @Override
    public LoadedModel model() {
        return backend.model();
    }

    @Override
    public String describe() {
        return backend.describe();
    }

    @Override
    public void close() {
        backend.close();
    }
}
