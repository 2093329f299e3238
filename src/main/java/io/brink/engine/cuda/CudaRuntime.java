package io.brink.engine.cuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether CUDA can be used on this machine and which GPUs it has: loads JavaCPP's bindings for the CUDA driver,
 * runtime, cuBLAS and NVRTC (which link the CUDA 13 libraries installed on the machine), initializes the driver and
 * counts the devices, once per process. What goes wrong becomes one line: libraries missing, no driver, a driver
 * older than CUDA 13, no device.
 */
public final class CudaRuntime {

    /** The CUDA major version Brink's bindings are built for. */
    public static final int CUDA_MAJOR = 13;

    private static Probe probe;

    /** What the probe found: the devices, or why there are none. */
    private record Probe(List<GpuInfo> gpus, Optional<String> problem) {
    }

    /** One GPU: its ordinal, name, compute capability and memory (bytes). */
    public record GpuInfo(int ordinal, String name, int major, int minor, long memoryBytes) {
        @Override
        public String toString() {
            return "cuda:" + ordinal + " " + name + " (sm_" + major + minor + ", " + memoryBytes / (1L << 30) + " GiB)";
        }
    }

    private CudaRuntime() {
    }

    /** Why CUDA cannot be used here, or empty when it can. */
    public static synchronized Optional<String> problem() {
        return probe().problem();
    }

    /** The GPUs CUDA sees (empty when it cannot be used). */
    public static synchronized List<GpuInfo> gpus() {
        return probe().gpus();
    }

    /** Throws an {@link IllegalStateException} with the one-line reason unless CUDA can be used. */
    public static void require() {
        problem().ifPresent(p -> {
            throw new CudaUnavailableException("CUDA was asked for but cannot be used: " + p);
        });
    }

    /**
     * Throws a {@link CudaUnavailableException} with the one-line reason unless CUDA can be used and has a GPU with this
     * ordinal.
     */
    public static void requireGpu(int ordinal) {
        require();
        int count = gpus().size();
        if (ordinal < 0 || ordinal >= count) {
            throw new CudaUnavailableException("there is no GPU cuda:" + ordinal + " (CUDA sees " + count + ")");
        }
    }

    private static Probe probe() {
        if (probe == null) {
            probe = run();
        }
        return probe;
    }

    private static Probe run() {
        try {
            Loader.load(cudart.class);
        } catch (Throwable e) {
            return none("the CUDA " + CUDA_MAJOR + " libraries were not found (" + firstLine(e)
                    + "); install the NVIDIA driver and the CUDA " + CUDA_MAJOR + " runtime, cuBLAS and NVRTC, and put their "
                    + "directory on LD_LIBRARY_PATH (see docs/gpu.md)");
        }
        int rc = cudart.cuInit(0);
        if (rc != cudart.CUDA_SUCCESS) {
            return none("the CUDA driver did not start: " + errorName(rc));
        }
        int[] version = new int[1];
        check(cudart.cuDriverGetVersion(version), "cuDriverGetVersion");
        if (version[0] / 1000 < CUDA_MAJOR) {
            return none("the NVIDIA driver supports CUDA " + version[0] / 1000 + "." + version[0] % 1000 / 10 + "; Brink's CUDA "
                    + "backend needs CUDA " + CUDA_MAJOR + " (driver 580 or later)");
        }
        try {
            Loader.load(org.bytedeco.cuda.global.cublas.class);
            Loader.load(org.bytedeco.cuda.global.nvrtc.class);
        } catch (Throwable e) {
            return none("cuBLAS or NVRTC " + CUDA_MAJOR + " was not found (" + firstLine(e) + "); see docs/gpu.md");
        }
        int[] count = new int[1];
        check(cudart.cuDeviceGetCount(count), "cuDeviceGetCount");
        if (count[0] == 0) {
            return none("the driver sees no CUDA device");
        }
        List<GpuInfo> gpus = new ArrayList<>();
        for (int d = 0; d < count[0]; d++) {
            gpus.add(info(d));
        }
        return new Probe(List.copyOf(gpus), Optional.empty());
    }

    private static GpuInfo info(int ordinal) {
        int[] dev = new int[1];
        check(cudart.cuDeviceGet(dev, ordinal), "cuDeviceGet");
        byte[] name = new byte[256];
        check(cudart.cuDeviceGetName(name, name.length, dev[0]), "cuDeviceGetName");
        int n = 0;
        while (n < name.length && name[n] != 0) {
            n++;
        }
        int[] major = new int[1];
        int[] minor = new int[1];
        check(cudart.cuDeviceGetAttribute(major, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev[0]), "cuDeviceGetAttribute");
        check(cudart.cuDeviceGetAttribute(minor, cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev[0]), "cuDeviceGetAttribute");
        try (org.bytedeco.javacpp.SizeTPointer mem = new org.bytedeco.javacpp.SizeTPointer(1)) {
            check(cudart.cuDeviceTotalMem(mem, dev[0]), "cuDeviceTotalMem");
            return new GpuInfo(ordinal, new String(name, 0, n, java.nio.charset.StandardCharsets.US_ASCII), major[0], minor[0], mem.get());
        }
    }

    private static Probe none(String why) {
        return new Probe(List.of(), Optional.of(why));
    }

    /** The root cause's first line, from the library the loader could not open when it names one. */
    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        int so = m.indexOf(".so: ");
        return so < 0 ? root.getClass().getSimpleName() + ": " + m : m.substring(so + 5);
    }

    /** Throws naming the call and the driver's error name unless {@code rc} is CUDA_SUCCESS. */
    static void check(int rc, String call) {
        if (rc != cudart.CUDA_SUCCESS) {
            throw new IllegalStateException("CUDA " + call + " failed: " + errorName(rc));
        }
    }

    /** The driver's name for an error code, e.g. CUDA_ERROR_OUT_OF_MEMORY. */
    static String errorName(int rc) {
        try (PointerPointer<BytePointer> name = new PointerPointer<>(1)) {
            if (cudart.cuGetErrorName(rc, name) == cudart.CUDA_SUCCESS && name.get(0) != null) {
                return new BytePointer(name.get(0)).getString() + " (" + rc + ")";
            }
        } catch (Throwable ignored) {
            // fall through to the number
        }
        return "error " + rc;
    }
}
