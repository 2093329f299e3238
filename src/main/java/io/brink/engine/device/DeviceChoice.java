package io.brink.engine.device;


import java.util.Locale;

/**
 * Where the engine computes, as users name it ({@code --device}, {@code BRINK_DEVICE}, setting {@code device}):
 * {@code cpu}; {@code cuda} (every GPU, one engine each); {@code cuda:N} (GPU N); {@code auto} (every GPU when CUDA is
 * usable, else the CPU, saying why in the log). The one grammar of device names: the
 * configuration's validator, the command line and the engine all parse through {@link #parse}; {@code io.brink.engine.Devices}
 * resolves a choice to the devices of this machine.
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
}
