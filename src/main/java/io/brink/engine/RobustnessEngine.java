package io.brink.engine;

import io.brink.model.SequenceClassifier;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes per-window robustness profiles of a sequence classifier: prediction, margin, input
 * gradient, top Hessian eigenpair, Hutchinson Frobenius norm, distance estimates, a verified attack
 * and random-direction flip probabilities. A batch is split into contiguous slices, one per worker
 * thread; results do not depend on the number of workers. Thread-safe: calls are serialized.
 */
public final class RobustnessEngine implements AutoCloseable {

    private static final int MIN_SLICE = 8;

    private final SequenceClassifier model;
    private final EngineOptions options;
    private final SliceProfiler[] profilers;
    private final ExecutorService pool;

    public RobustnessEngine(SequenceClassifier model, EngineOptions options) {
        this.model = model;
        this.options = options;
        Nd4j.getEnvironment().setMaxMasterThreads(options.blasThreads());
        Nd4j.getEnvironment().setMaxThreads(options.blasThreads());
        Nd4j.getBlasWrapper().level3();
        Nd4j.factory().blas().setMaxThreads(options.blasThreads());
        profilers = new SliceProfiler[options.workers()];
        for (int w = 0; w < profilers.length; w++) {
            profilers[w] = new SliceProfiler(model, options.precision());
        }
        pool = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "brink-engine-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public SequenceClassifier model() {
        return model;
    }

    public EngineOptions options() {
        return options;
    }

    /** Profiles a batch; {@code warmStarts} (nullable, entries nullable) are Lanczos start vectors per window. */
    public synchronized BatchProfile profile(WindowBatch batch, ProfileOptions o, double[][] warmStarts) {
        if (batch.features() != model.inputSize()) {
            throw new IllegalArgumentException("the model takes " + model.inputSize() + " features per step, the windows have "
                    + batch.features());
        }
        long start = System.nanoTime();
        long[] stageBefore = new long[Stage.values().length];
        GemmWork gemmBefore = GemmWork.NONE;
        for (SliceProfiler p : profilers) {
            for (int s = 0; s < stageBefore.length; s++) {
                stageBefore[s] += p.stageNanos()[s];
            }
            gemmBefore = gemmBefore.plus(p.gemmWork());
        }
        int n = batch.count();
        int slices = Math.max(1, Math.min(profilers.length, n / MIN_SLICE));
        int per = batch.steps() * batch.features();
        List<Future<List<WindowProfile>>> futures = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            int from = (int) ((long) n * s / slices);
            int to = (int) ((long) n * (s + 1) / slices);
            double[] slice = new double[(to - from) * per];
            System.arraycopy(batch.values(), from * per, slice, 0, slice.length);
            double[][] warm = null;
            if (warmStarts != null) {
                warm = new double[to - from][];
                System.arraycopy(warmStarts, from, warm, 0, to - from);
            }
            SliceProfiler profiler = profilers[s];
            double[][] w = warm;
            futures.add(pool.submit(() -> profiler.profile(slice, to - from, batch.steps(), o, w, from)));
        }
        List<WindowProfile> out = new ArrayList<>(n);
        try {
            for (Future<List<WindowProfile>> f : futures) {
                out.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while profiling", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
        Map<Stage, Long> stages = new EnumMap<>(Stage.class);
        GemmWork gemm = GemmWork.NONE.minus(gemmBefore);
        long[] after = new long[Stage.values().length];
        for (SliceProfiler p : profilers) {
            for (int s = 0; s < after.length; s++) {
                after[s] += p.stageNanos()[s];
            }
            gemm = gemm.plus(p.gemmWork());
        }
        for (Stage s : Stage.values()) {
            stages.put(s, after[s.ordinal()] - stageBefore[s.ordinal()]);
        }
        return new BatchProfile(out, System.nanoTime() - start, stages, gemm);
    }

    /**
     * Hessian-vector products at window {@code index} of the last profiled batch for testing and
     * diagnostics; only valid when the batch fit in one slice.
     */
    synchronized double[] hessianVectorForTesting(double[] vectors, int count, int window, HvpMode mode) {
        int[] map = new int[count];
        java.util.Arrays.fill(map, window);
        return profilers[0].hessianVector(vectors, count, map, mode);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
