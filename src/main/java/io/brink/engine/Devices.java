package io.brink.engine;

import io.brink.engine.cuda.CudaRuntime;
import io.brink.engine.device.DeviceChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Resolves a {@link DeviceChoice} to the concrete devices of this machine. */
public final class Devices {

    private static final Logger LOG = LoggerFactory.getLogger(Devices.class);
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private Devices() {
    }

    /**
     * The concrete devices {@code choice} means on this machine: {@link DeviceChoice.Cpu}, or one {@link DeviceChoice.Gpu} per
     * GPU used. Asking for CUDA where it cannot be used throws a {@link io.brink.engine.cuda.CudaUnavailableException} with the
     * one-line reason; {@code auto} falls back to the CPU and logs the reason once.
     */
    public static List<DeviceChoice> resolve(DeviceChoice choice) {
        if (choice instanceof DeviceChoice.Cpu) {
            return List.of(choice);
        }
        if (choice instanceof DeviceChoice.Gpu g) {
            CudaRuntime.requireGpu(g.ordinal());
            return List.of(choice);
        }
        if (choice instanceof DeviceChoice.AllGpus) {
            CudaRuntime.require();
        } else if (CudaRuntime.problem().isPresent()) {
            if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.warn("device auto: using the CPU, as CUDA cannot be used: {}", CudaRuntime.problem().get());
            }
            return List.of(new DeviceChoice.Cpu());
        }
        return CudaRuntime.gpus().stream().map(g -> (DeviceChoice) new DeviceChoice.Gpu(g.ordinal())).toList();
    }
}
