package io.brink.stream;

import io.brink.engine.ProfileOptions;
import io.brink.engine.WindowBatch;
import io.brink.model.LoadedModel;

import java.util.concurrent.CompletableFuture;

/**
 * Where windows are scored, in two lanes so that latency-critical tier-0 work never waits behind long tier-1
 * batches: {@link #score} runs a short call on the caller's thread (the stream thread), {@link #submit} runs a
 * long one on the backend's own executor and returns its future. The backend owns its engines and executors;
 * each result names the model version that produced it.
 */
public interface ScoringBackend extends AutoCloseable {

    /** Profiles a batch on the fast lane, on the calling thread. */
    BatchResult score(WindowBatch batch, ProfileOptions options);

    /** Profiles a batch on the bulk lane, off the calling thread. */
    CompletableFuture<BatchResult> submit(WindowBatch batch, ProfileOptions options);

    /** The model serving now. */
    LoadedModel model();

    /** Describes the devices and workers, for logs. */
    String describe();

    @Override
    void close();
}
