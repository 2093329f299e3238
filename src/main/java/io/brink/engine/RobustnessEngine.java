package io.brink.engine;

import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Device;
import io.brink.engine.device.GemmWork;
import io.brink.model.LoadedModel;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Computes per-window robustness profiles of a sequence classifier: prediction, margin, input gradient, top
 * Hessian eigenpair, Hutchinson Frobenius norm, distance estimates, a verified attack and random-direction
 * flip probabilities. A batch is split into contiguous slices, one per device (on the CPU, one device per
 * worker thread); results do not depend on the number of devices. Thread-safe: calls are serialized.
 */
public final class RobustnessEngine implements AutoCloseable {

    private static final int MIN_SLICE = 8;

    private final LoadedModel model;
    private final EngineOptions options;
    private final List<Profiler> profilers = new ArrayList<>();
    private final ExecutorService pool;

    /**
     * An engine on the CPU backend with {@code options.workers()} devices. ND4J's process-wide thread settings
     * are made at start-up by {@link CpuBackend#configure}; an engine made before that configures them from
     * its own options.
     */
    public RobustnessEngine(SequenceClassifier model, EngineOptions options) {
        this(new LoadedModel("model", "unversioned", model, null), options);
    }

    /**
     * An engine for a loaded model: its members (one network or an ensemble behind its log-mean-exp head) and its
     * card's uncertainty method.
     */
    public RobustnessEngine(LoadedModel model, EngineOptions options) {
        this.model = model;
        this.options = options;
        if (!CpuBackend.configured()) {
            CpuBackend.configure(options.blasThreads());
        }
        for (Device d : CpuBackend.devices(model.members(), options.precision(), options.workers())) {
            profilers.add(new Profiler(d, model.uncertainty()));
        }
        pool = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "brink-engine-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** The first member's network (the signature every member shares). */
    public SequenceClassifier model() {
        return model.classifier();
    }

    /** The model this engine profiles. */
    public LoadedModel loaded() {
        return model;
    }

    public EngineOptions options() {
        return options;
    }

    /**
     * Devices ND4J's backend drives: 1 on the CPU backend; one per GPU with ND4J's CUDA backend (Maven profile
     * {@code -Pcuda}), where the matrix products move to the GPU. A pool keeps one engine per such device.
     */
    public static int nd4jDevices() {
        return CpuBackend.nd4jDevices();
    }

    /** Off-heap bytes of the ND4J buffers the engines of this process hold now (staging buffers, weight matrices). */
    public static long offHeapBytes() {
        return CpuBackend.offHeapBytes();
    }

    /** One line for logs: devices, precision and kernels. */
    public String describe() {
        return "CPU (" + CpuBackend.describe() + "), " + options.workers() + " worker(s), " + options.precision()
                + (model.members().size() > 1 ? ", ensemble of " + model.members().size() : "");
    }

    /** Profiles a batch. */
    public synchronized BatchProfile profile(WindowBatch batch, ProfileOptions o) {
        if (batch.features() != model.classifier().inputSize()) {
            throw new IllegalArgumentException("the model takes " + model.classifier().inputSize() + " features per step, the windows have "
                    + batch.features());
        }
        long start = System.nanoTime();
        long[] stageBefore = stageNanos();
        GemmWork gemmBefore = gemmWork();
        int n = batch.count();
        int slices = Math.max(1, Math.min(profilers.size(), n / MIN_SLICE));
        List<Future<List<WindowOutcome>>> futures = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            int from = (int) ((long) n * s / slices);
            int to = (int) ((long) n * (s + 1) / slices);
            Profiler profiler = profilers.get(s);
            futures.add(pool.submit(() -> profiler.profile(batch, from, to, o)));
        }
        List<WindowOutcome> out = new ArrayList<>(n);
        try {
            for (Future<List<WindowOutcome>> f : futures) {
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
        long[] after = stageNanos();
        Map<Stage, Long> stages = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            stages.put(s, after[s.ordinal()] - stageBefore[s.ordinal()]);
        }
        return new BatchProfile(out, System.nanoTime() - start, stages, gemmWork().minus(gemmBefore));
    }

    private long[] stageNanos() {
        long[] sum = new long[Stage.values().length];
        for (Profiler p : profilers) {
            for (int s = 0; s < sum.length; s++) {
                sum[s] += p.stageNanos()[s];
            }
        }
        return sum;
    }

    private GemmWork gemmWork() {
        GemmWork w = GemmWork.NONE;
        for (Profiler p : profilers) {
            w = w.plus(p.gemmWork());
        }
        return w;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        profilers.forEach(Profiler::close);
    }
}
