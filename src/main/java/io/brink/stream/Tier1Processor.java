package io.brink.stream;

import io.brink.config.Batching;
import io.brink.config.Tier1Policy;
import io.brink.engine.ProfileOptions;
import io.brink.engine.WindowOutcome;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.WarmStart;
import io.brink.record.ScoreMapper;
import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import io.brink.window.Window;
import io.brink.window.WindowBatcher;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Tier 1: the eigenpair (warm-started from the series' previous eigenvector, kept in state), the second-order
 * estimates and the verified attack, for the windows tier 0 selects, and the certified radius for a sample of them
 * ({@code tier1.certify.every}). Requests wait in a changelogged queue
 * of at most {@code tier1.max.pending} windows; past it, a request is skipped and counted ({@code
 * tier1.overflow=skip}) or the stream thread waits for the running batch ({@code wait}: backpressure). A batch
 * is started when {@code tier1.batch.size} wait or the oldest has waited {@code tier1.flush.ms}, and runs off
 * the stream thread on the scoring backend. A punctuation collects a finished batch: its records are forwarded,
 * the eigenvectors stored and the windows dequeued in one transaction, so a crash recomputes rather than loses.
 */
final class Tier1Processor implements Processor<String, Messages.Tier1Input, String, Messages.Tier1Output> {

    static final String NAME = "tier1";
    static final String PENDING = "brink-tier1-pending";
    static final String EIGENVECTORS = "brink-eigenvectors";

    private final ScoringBackend backend;
    private final DeadLetters deadLetters;
    private final Tier1Policy policy;
    private final Batching batching;
    private final PipelineListener listener;
    private final ProfileOptions options;
    private ProcessorContext<String, Messages.Tier1Output> context;
    private PendingQueue queue;
    private KeyValueStore<String, double[]> eigenvectors;
    private long waitingSince = -1;
    private Job job;

    /** A batch in flight. */
    private record Job(List<Window> windows, CompletableFuture<BatchResult> result, long started) {
    }

    Tier1Processor(ScoringBackend backend, Tier1Policy policy, Batching batching, PipelineListener listener, DeadLetters deadLetters) {
        this.backend = backend;
        this.deadLetters = deadLetters;
        this.policy = policy;
        this.batching = batching;
        this.listener = listener;
        this.options = ProfileOptions.builder().stages(policy.stages()).build();
    }

    @Override
    public void init(ProcessorContext<String, Messages.Tier1Output> context) {
        this.context = context;
        queue = new PendingQueue(context.getStateStore(PENDING));
        eigenvectors = context.getStateStore(EIGENVECTORS);
        waitingSince = queue.isEmpty() ? -1 : context.currentSystemTimeMs();
        context.schedule(Duration.ofMillis(batching.flushMs()), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(Record<String, Messages.Tier1Input> record) {
        if (record.value() instanceof Messages.SeriesGone gone) {
            eigenvectors.delete(gone.series());
            return;
        }
        Messages.Tier1Request request = (Messages.Tier1Request) record.value();
        while (queue.size() >= policy.maxPending()) {
            if (policy.overflow() == Tier1Policy.Overflow.SKIP || policy.maxPending() == 0) {
                listener.tier1Skipped();
                return;
            }
            drainOne();
        }
        queue.add(request.window());
        if (waitingSince < 0) {
            waitingSince = context.currentSystemTimeMs();
        }
    }

    @Override
    public void close() {
        if (job != null) {
            job.result().cancel(false);
            job = null;
        }
    }

    /** Backpressure: waits for the running batch (starting one when none runs) and collects it, freeing its windows. */
    private void drainOne() {
        if (job == null) {
            start();
        }
        try {
            job.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tier 1", e);
        } catch (ExecutionException e) {
            // collect() reports it
        }
        collect(context.currentSystemTimeMs());
    }

    /** Collects a finished batch, then starts the next one when enough windows wait or they waited long enough. */
    void punctuate(long now) {
        if (job != null) {
            if (!job.result().isDone()) {
                return;
            }
            collect(now);
        }
        boolean due = queue.size() >= policy.batchSize()
                || (!queue.isEmpty() && waitingSince >= 0 && now - waitingSince >= policy.flushMs());
        if (due) {
            start();
        }
    }

    /** Starts a batch of the oldest waiting windows, when any wait. */
    private void start() {
        List<Window> windows = queue.peek(policy.batchSize());
        if (windows.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        job = new Job(windows, backend.submit(WindowBatcher.batch(windows,
                w -> WarmStart.fromPrevious(Optional.ofNullable(eigenvectors.get(w.series())))), options), started);
    }

    private void collect(long now) {
        BatchResult result;
        try {
            result = job.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            throw new IllegalStateException("tier-1 scoring failed", e.getCause());
        }
        for (int i = 0; i < job.windows().size(); i++) {
            Window w = job.windows().get(i);
            if (result.outcomes().get(i) instanceof WindowOutcome.Unscorable u) {
                deadLetters.unscorable(context, w, Tier.ONE, u.reason());
                continue;
            }
            WindowProfile p = (WindowProfile) result.outcomes().get(i);
            p.curvature().ifPresent(c -> eigenvectors.put(w.series(), c.eigenvector()));
            ScoreRecord rec = ScoreMapper.map(w.series(), w.ts(), w.seq(), result.model(), Tier.ONE, p, false);
            Record<String, Messages.Tier1Output> out = new Record<>(w.series(), new Messages.Scored(rec), context.currentSystemTimeMs());
            context.forward(out, BrinkTopology.SCORES_SINK);
            context.forward(out, AlertProcessor.NAME);
            listener.scored(rec);
        }
        queue.remove(job.windows());
        listener.tier1Scored(job.windows().size(), System.nanoTime() - job.started());
        job = null;
        waitingSince = queue.isEmpty() ? -1 : now;
    }
}
