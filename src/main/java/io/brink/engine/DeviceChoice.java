package io.brink.engine;

import io.brink.engine.cuda.CudaRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where the engine computes, as users name it ({@code --device}, {@code BRINK_DEVICE}, setting {@code device}):
 * {@code cpu}; {@code cuda} (every GPU, one engine each); {@code cuda:N} (GPU N); {@code auto} (every GPU when CUDA is
 * usable, else the CPU, saying why in the log).
 */
public sealed interface DeviceChoice {

    /** The CPU backend (ND4J/OpenBLAS products, Java element-wise kernels), one device per worker thread. */
    record Cpu() implements DeviceChoice {
        @Override
        public String toString() {
            return "cpu";
        }
    }

    /** Every GPU CUDA sees. */
    record AllGpus() implements DeviceChoice {
        @Override
        public String toString() {
            return "cuda";
        }
    }

    /** One GPU, by its CUDA ordinal. */
    record Gpu(int ordinal) implements DeviceChoice {
        public Gpu {
            if (ordinal < 0) {
                throw new IllegalArgumentException("a GPU ordinal is 0 or more, got " + ordinal);
            }
        }

        @Override
        public String toString() {
            return "cuda:" + ordinal;
        }
    }

    /** The GPUs when CUDA is usable, else the CPU. */
    record Auto() implements DeviceChoice {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** The values {@link #parse} accepts, for help texts and errors. */
    String NAMES = "cpu, cuda, cuda:N or auto";

    /** Parses a device name; throws IllegalArgumentException naming the accepted ones. */
    static DeviceChoice parse(String name) {
        String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "cpu":
                return new Cpu();
            case "cuda":
            case "gpu":
                return new AllGpus();
            case "auto":
                return new Auto();
            default:
                if (s.startsWith("cuda:")) {
                    try {
                        return new Gpu(Integer.parseInt(s.substring(5)));
                    } catch (NumberFormatException e) {
                        // fall through to the error
                    }
                }
                throw new IllegalArgumentException("unknown device '" + name + "': use " + NAMES);
        }
    }

    /**
     * The concrete devices this choice means on this machine: {@link Cpu}, or one {@link Gpu} per GPU used. Asking for
     * CUDA where it cannot be used throws a {@link CudaUnavailableException} with the one-line reason; {@code auto} falls back to
     * the CPU and logs the reason once.
     */
    default List<DeviceChoice> resolve() {
        if (this instanceof Cpu) {
            return List.of(this);
        }
        if (this instanceof Gpu g) {
            CudaRuntime.requireGpu(g.ordinal());
            return List.of(this);
        }
        if (this instanceof AllGpus) {
            CudaRuntime.require();
        } else if (CudaRuntime.problem().isPresent()) {
            if (Fallback.LOGGED.compareAndSet(false, true)) {
                Fallback.LOG.warn("device auto: using the CPU, as CUDA cannot be used: {}", CudaRuntime.problem().get());
            }
            return List.of(new Cpu());
        }
        return CudaRuntime.gpus().stream().map(g -> (DeviceChoice) new Gpu(g.ordinal())).toList();
    }

    /** Holder of the fallback's log state. */
    final class Fallback {
        private static final Logger LOG = LoggerFactory.getLogger(DeviceChoice.class);
        private static final AtomicBoolean LOGGED = new AtomicBoolean();

        private Fallback() {
        }
    }
}
