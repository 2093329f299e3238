package io.brink.engine;

import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.cuda.CudaBackend;
import io.brink.engine.device.Device;
import io.brink.engine.device.DeviceChoice;
import io.brink.engine.device.GemmWork;
import io.brink.model.LoadedModel;
import io.brink.model.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    /** The GPUs this engine runs on (empty on the CPU). */
    private final List<Integer> gpus;
    private final WorkerPriority priority;

    /**
     * An engine on the device {@code options.device()} names: on the CPU, {@code options.workers()} devices (ND4J's
     * process-wide thread settings are made at start-up by {@link CpuBackend#configure}; an engine made before that
     * configures them from its own options); on GPUs, one device per GPU. Throws an IllegalStateException with a
     * one-line reason when CUDA is asked for and cannot be used.
     */
    public RobustnessEngine(Network model, EngineOptions options) {
        this(new LoadedModel("model", "unversioned", model, null), options);
    }

    /**
     * An engine for a loaded model: its members (one network or an ensemble behind its log-mean-exp head) and its
     * card's uncertainty method.
     */
    public RobustnessEngine(LoadedModel model, EngineOptions options) {
        this(model, options, WorkerPriority.NORMAL);
    }

    /**
     * An engine whose worker threads run at {@code priority}: {@link WorkerPriority#BACKGROUND} for work that must
     * leave the cores to other engines of the process (the stream's tier-1 lane).
     */
    public RobustnessEngine(LoadedModel model, EngineOptions options, WorkerPriority priority) {
        this.model = model;
        this.priority = priority;
        List<DeviceChoice> targets = Devices.resolve(options.device());
        List<Integer> gpus = targets.stream().filter(DeviceChoice.Gpu.class::isInstance).map(d -> ((DeviceChoice.Gpu) d).ordinal()).toList();
        this.gpus = gpus;
        List<Device> devices;
        if (gpus.isEmpty()) {
            if (!CpuBackend.configured()) {
                CpuBackend.configure(options.blasThreads());
            }
            devices = CpuBackend.devices(model.members(), options.precision(), options.workers());
        } else {
            devices = CudaBackend.devices(model.members(), options.precision(), gpus);
        }
        this.options = options;
        for (Device d : devices) {
            profilers.add(new Profiler(d, model.uncertainty(), model.members()));
        }
        pool = Executors.newFixedThreadPool(profilers.size(), r -> {
            Thread t = new Thread(priority.wrap(r), priority == WorkerPriority.NORMAL ? "brink-engine-worker" : "brink-engine-background");
            t.setDaemon(true);
            return t;
        });
    }

    /** The first member's network (the signature every member shares). */
    public Network model() {
        return model.classifier();
    }

    /** The model this engine profiles. */
    public LoadedModel loaded() {
        return model;
    }

    public EngineOptions options() {
        return options;
    }

    /** Off-heap bytes of the ND4J buffers the engines of this process hold now (staging buffers, weight matrices). */
    public static long offHeapBytes() {
        return CpuBackend.offHeapBytes();
    }

    /** One line for logs: devices, precision and kernels. */
    public String describe() {
        String where = gpus.isEmpty() ? "CPU (" + CpuBackend.describe() + "), " + options.workers() + " worker(s)"
                : "CUDA (" + CudaBackend.describe(gpus) + ")";
        return where + ", " + options.precision() + (model.members().size() > 1 ? ", ensemble of " + model.members().size() : "")
                + (priority == WorkerPriority.NORMAL ? "" : ", " + priority.describe());
    }

    /** The GPUs this engine runs on (empty on the CPU). */
    public List<Integer> gpus() {
        return gpus;
    }

    /**
     * The FP32 matrix-product rate of the first GPU, measured now (FLOP/s, an SGEMM of size³ repeated), or empty on
     * the CPU: the bound a benchmark on the GPU reports beside its own rate.
     */
    public synchronized java.util.OptionalDouble gpuSgemmRate(int size, int repeats) {
        for (Profiler p : profilers) {
            if (p.device() instanceof io.brink.engine.cuda.CudaDevice c) {
                return java.util.OptionalDouble.of(c.sgemmRate(size, repeats));
            }
        }
        return java.util.OptionalDouble.empty();
    }

    /** Profiles a batch. */
    public synchronized BatchProfile profile(WindowBatch batch, ProfileOptions o) {
        if (batch.features() != model.classifier().inputSize()) {
            throw new IllegalArgumentException("the model takes " + model.classifier().inputSize() + " features per step, the windows have "
                    + batch.features());
        }
        long start = System.nanoTime();
        Map<String, Long> stageBefore = stageNanos();
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
        Map<String, Long> stages = new LinkedHashMap<>();
        stageNanos().forEach((name, nanos) -> stages.put(name, nanos - stageBefore.getOrDefault(name, 0L)));
        return new BatchProfile(out, System.nanoTime() - start, stages, gemmWork().minus(gemmBefore));
    }

    /** Worker nanoseconds per timing name (forward, gradient, each stage, estimates), summed over the devices. */
    private Map<String, Long> stageNanos() {
        Map<String, Long> sum = new LinkedHashMap<>();
        for (Profiler p : profilers) {
            p.stageNanos().forEach((name, nanos) -> sum.merge(name, nanos, Long::sum));
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
