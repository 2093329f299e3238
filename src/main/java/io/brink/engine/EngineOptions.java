package io.brink.engine;

import io.brink.engine.device.DeviceChoice;
import io.brink.engine.device.Precision;

/**
 * How the engine runs.
 *
 * @param precision  float32 (default) or float64
 * @param workers    worker threads (CPU devices), each profiling its own slice of a batch (default: available cores)
 * @param blasThreads threads ND4J/OpenBLAS may use inside one matrix product (default 1 when there
 *                   are several workers: the step products are small and per-call thread start-up
 *                   costs more than it gains). A process-wide setting, made once at start-up by
 *                   {@code CpuBackend.configure}; an engine made before that makes it from its own options.
 * @param device     where the engine computes (default: the CPU); an engine on GPUs has one device per GPU and ignores
 *                   workers and BLAS threads
 */
public record EngineOptions(Precision precision, int workers, int blasThreads, DeviceChoice device) {

    /** Options on the CPU. */
    public EngineOptions(Precision precision, int workers, int blasThreads) {
        this(precision, workers, blasThreads, new DeviceChoice.Cpu());
    }

    public EngineOptions {
        if (device == null) {
            throw new IllegalArgumentException("device is required");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision is required");
        }
        if (workers < 1 || blasThreads < 1) {
            throw new IllegalArgumentException("workers and blasThreads must be at least 1");
        }
    }

    public static EngineOptions defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineOptions(Precision.FLOAT32, cores, cores > 1 ? 1 : cores);
    }

    public EngineOptions withPrecision(Precision p) {
        return new EngineOptions(p, workers, blasThreads, device);
    }

    public EngineOptions withWorkers(int w) {
        return new EngineOptions(precision, w, blasThreads, device);
    }

    public EngineOptions withBlasThreads(int t) {
        return new EngineOptions(precision, workers, t, device);
    }

    public EngineOptions withDevice(DeviceChoice d) {
        return new EngineOptions(precision, workers, blasThreads, d);
    }

    /** Whether the engine runs on the CPU (ND4J's process-wide settings then apply). */
    public boolean onCpu() {
        return device instanceof DeviceChoice.Cpu;
    }
}
