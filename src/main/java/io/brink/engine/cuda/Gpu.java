package io.brink.engine.cuda;

import io.brink.engine.device.Precision;
import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.util.Map;

/**
 * One GPU as the engine uses it: its primary context (made current on the calling thread by {@link #bind}), the
 * kernels compiled for its architecture and a precision, device memory, host staging buffers, checked kernel
 * launches and its cuBLAS products ({@link #blas}). Every call goes to the legacy default stream, so work is
 * ordered as issued and a copy to the host waits for the work before it. Device memory is addressed by plain {@code long} addresses; values handed
 * in and out are doubles, stored as the precision's type. Not thread-safe: one per worker thread.
 */
final class Gpu implements AutoCloseable {

    /** Threads per block of the element-wise kernels. */
    static final int THREADS = 256;
    /** Parameters of a kernel at most. */
    static final int MAX_ARGS = 32;

    final int ordinal;
    final Precision precision;
    /** Bytes per stored value: 4 (FLOAT32) or 8 (FLOAT64). */
    final int elementBytes;
    private final int device;
    private final CUctx_st context = new CUctx_st();
    /** The matrix products (cuBLAS). */
    final GpuBlas blas;
    private final CUmod_st module = new CUmod_st();
    private final Map<Kernel, CUfunc_st> functions = new java.util.EnumMap<>(Kernel.class);
    private final int maxBlocks;
    /**
     * The kernel arguments' host cells, 8 bytes each, and the array of pointers to them that {@code cuLaunchKernel}
     * reads (one per declared parameter; it copies the values at the call, so the cells are reused).
     */
    private final LongPointer cells = new LongPointer(MAX_ARGS);
    private final java.nio.ByteBuffer cellView = cells.asByteBuffer().order(java.nio.ByteOrder.nativeOrder());
    private final PointerPointer<Pointer> params = new PointerPointer<>(MAX_ARGS);
    private Pointer staging;
    private float[] floatBuffer = new float[0];
    private long stagingBytes;
    private boolean closed;

    /** Opens GPU {@code ordinal} for {@code precision}; throws with a one-line reason when it cannot. */
    Gpu(int ordinal, Precision precision) {
        CudaRuntime.requireGpu(ordinal);
        this.ordinal = ordinal;
        this.precision = precision;
        this.elementBytes = precision == Precision.FLOAT32 ? 4 : 8;
        int[] dev = new int[1];
        CudaRuntime.check(cudart.cuDeviceGet(dev, ordinal), "cuDeviceGet");
        device = dev[0];
        CudaRuntime.check(cudart.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain");
        bind();
        int[] sms = new int[1];
        CudaRuntime.check(cudart.cuDeviceGetAttribute(sms, cudart.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device), "cuDeviceGetAttribute");
        maxBlocks = Math.max(1, sms[0]) * 32;
        CudaRuntime.GpuInfo info = CudaRuntime.gpus().get(ordinal);
        byte[] bin = KernelCompiler.cubin(precision, info.major(), info.minor());
        try (BytePointer image = new BytePointer(bin)) {
            CudaRuntime.check(cudart.cuModuleLoadData(module, image), "cuModuleLoadData");
        }
        for (int i = 0; i < MAX_ARGS; i++) {
            params.put(i, new DeviceAddress(cells.address() + 8L * i));
        }
        blas = new GpuBlas(this);
    }

    /** Makes this GPU's context current on the calling thread (cheap; every entry point of a device calls it). */
    void bind() {
        CudaRuntime.check(cudart.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** Device memory for {@code values} values of the precision's type (uninitialized); 0 for none. */
    long alloc(long values) {
        return allocBytes(values * elementBytes);
    }

    long allocBytes(long bytes) {
        if (bytes == 0) {
            return 0;
        }
        long[] address = new long[1];
        int rc = cudart.cuMemAlloc(address, bytes);
        if (rc != cudart.CUDA_SUCCESS) {
            throw new IllegalStateException("CUDA cuMemAlloc of " + bytes + " bytes on cuda:" + ordinal + " failed: " + CudaRuntime.errorName(rc));
        }
        return address[0];
    }

    void free(long address) {
        if (address != 0 && !closed) {
            CudaRuntime.check(cudart.cuMemFree(address), "cuMemFree");
        }
    }

    /** Sets {@code values} values at {@code address} to zero (all bits zero is 0.0 in both precisions). */
    void zero(long address, long values) {
        zeroBytes(address, values * elementBytes);
    }

    /** Sets {@code bytes} bytes at {@code address} to zero. */
    void zeroBytes(long address, long bytes) {
        if (bytes > 0) {
            CudaRuntime.check(cudart.cuMemsetD8(address, (byte) 0, bytes), "cuMemsetD8");
        }
    }

    /** Copies {@code values} values between device addresses. */
    void copy(long src, long dst, long values) {
        if (values > 0) {
            CudaRuntime.check(cudart.cuMemcpyDtoD(dst, src, values * elementBytes), "cuMemcpyDtoD");
        }
    }

    /** Writes {@code count} values of {@code src} from {@code from} to the device at {@code dst}, in the precision's type. */
    void upload(double[] src, int from, long count, long dst) {
        if (count == 0) {
            return;
        }
        Pointer host = staging(count * elementBytes);
        if (precision == Precision.FLOAT32) {
            float[] f = floats((int) count);
            for (int i = 0; i < count; i++) {
                f[i] = (float) src[from + i];
            }
            new FloatPointer(host).put(f, 0, (int) count);
        } else {
            new DoublePointer(host).put(src, from, (int) count);
        }
        CudaRuntime.check(cudart.cuMemcpyHtoD(dst, host, count * elementBytes), "cuMemcpyHtoD");
    }

    /** {@code count} values of the precision's type at {@code src}, as doubles. */
    double[] download(long src, long count) {
        double[] out = new double[(int) count];
        if (count == 0) {
            return out;
        }
        Pointer host = staging(count * elementBytes);
        CudaRuntime.check(cudart.cuMemcpyDtoH(host, src, count * elementBytes), "cuMemcpyDtoH");
        if (precision == Precision.FLOAT32) {
            float[] f = floats((int) count);
            new FloatPointer(host).get(f, 0, (int) count);
            for (int i = 0; i < count; i++) {
                out[i] = f[i];
            }
        } else {
            new DoublePointer(host).get(out);
        }
        return out;
    }

    /** Writes raw bytes (index arrays, masks, doubles) to the device. */
    void uploadBytes(Pointer host, long bytes, long dst) {
        if (bytes > 0) {
            CudaRuntime.check(cudart.cuMemcpyHtoD(dst, host, bytes), "cuMemcpyHtoD");
        }
    }

    /** Writes {@code n} ints of {@code values} from {@code from} into {@code buffer} (grown to fit); returns its address. */
    long uploadInts(int[] values, int from, int n, GpuBuffer buffer) {
        long dst = buffer.ensure(n);
        Pointer host = staging((long) n * 4);
        new IntPointer(host).put(values, from, n);
        uploadBytes(host, (long) n * 4, dst);
        return dst;
    }

    /** Writes {@code values} as doubles into {@code buffer} (grown to fit); returns its address. */
    long uploadDoubles(double[] values, GpuBuffer buffer) {
        long dst = buffer.ensure(values.length);
        Pointer host = staging((long) values.length * 8);
        new DoublePointer(host).put(values);
        uploadBytes(host, (long) values.length * 8, dst);
        return dst;
    }

    /** Writes {@code values} as bytes into {@code buffer} (grown to fit); returns its address. */
    long uploadBytes(byte[] values, GpuBuffer buffer) {
        long dst = buffer.ensure(values.length);
        Pointer host = staging(values.length);
        new BytePointer(host).put(values);
        uploadBytes(host, values.length, dst);
        return dst;
    }

    /** Writes {@code values} in the precision's type into {@code buffer} (grown to fit); returns its address. */
    long uploadValues(double[] values, GpuBuffer buffer) {
        long dst = buffer.ensure(values.length);
        upload(values, 0, values.length, dst);
        return dst;
    }

    /** {@code count} doubles at {@code src} (results the kernels write in double whatever the precision). */
    double[] downloadDoubles(long src, int count) {
        double[] out = new double[count];
        if (count > 0) {
            Pointer host = staging((long) count * 8);
            CudaRuntime.check(cudart.cuMemcpyDtoH(host, src, (long) count * 8), "cuMemcpyDtoH");
            new DoublePointer(host).get(out);
        }
        return out;
    }

    /** A reused Java float buffer of at least n values (conversions to and from float32 in one JNI copy). */
    private float[] floats(int n) {
        if (floatBuffer.length < n) {
            floatBuffer = new float[Math.max(n, floatBuffer.length * 2)];
        }
        return floatBuffer;
    }

    private Pointer staging(long bytes) {
        if (stagingBytes < bytes) {
            if (staging != null) {
                staging.deallocate();
            }
            stagingBytes = Math.max(bytes, stagingBytes * 2);
            staging = new BytePointer(stagingBytes);
        }
        return staging;
    }

    /**
     * Launches {@code kernel} as a grid-stride loop over {@code work} elements. Arguments: {@link Long} (a device
     * address or a 64-bit integer), {@link Integer}, {@link Double}, checked against the kernel's signature; each goes
     * into its own host cell, as {@code cuLaunchKernel} reads one pointer per declared parameter.
     */
    void launch(Kernel kernel, long work, Object... args) {
        if (work <= 0) {
            return;
        }
        int blocks = (int) Math.min(maxBlocks, (work + THREADS - 1) / THREADS);
        launchGrid(kernel, blocks, args);
    }

    /** Launches {@code kernel} with one block of {@link #THREADS} threads per row (at most the grid limit). */
    void launchRows(Kernel kernel, int rows, Object... args) {
        if (rows > 0) {
            launchGrid(kernel, Math.min(rows, 65_535), args);
        }
    }

    private void launchGrid(Kernel kernel, int blocks, Object... args) {
        kernel.check(args);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long l) {
                cellView.putLong(8 * i, l);
            } else if (a instanceof Integer n) {
                cellView.putInt(8 * i, n);
            } else {
                cellView.putDouble(8 * i, (Double) a);
            }
        }
        CudaRuntime.check(cudart.cuLaunchKernel(function(kernel), blocks, 1, 1, THREADS, 1, 1, 0, (CUstream_st) null, params,
                (PointerPointer<?>) null), "cuLaunchKernel(" + kernel.symbol() + ")");
    }

    private CUfunc_st function(Kernel kernel) {
        return functions.computeIfAbsent(kernel, k -> {
            CUfunc_st f = new CUfunc_st();
            CudaRuntime.check(cudart.cuModuleGetFunction(f, module, k.symbol()), "cuModuleGetFunction(" + k.symbol() + ")");
            return f;
        });
    }

    /** Waits for all work issued so far. */
    void synchronize() {
        CudaRuntime.check(cudart.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /** Byte offset of value {@code values} from {@code address}. */
    long offset(long address, long values) {
        return address + values * elementBytes;
    }

    /** A JavaCPP pointer at an address (device memory for cuBLAS, host cells for launches); owns nothing. */
    static final class DeviceAddress extends Pointer {
        DeviceAddress(long address) {
            this.address = address;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        bind();
        blas.close();
        cudart.cuModuleUnload(module);
        if (staging != null) {
            staging.deallocate();
        }
        cells.deallocate();
        params.deallocate();
        closed = true;
        cudart.cuDevicePrimaryCtxRelease(device);
    }
}
