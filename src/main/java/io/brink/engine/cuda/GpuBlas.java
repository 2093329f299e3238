package io.brink.engine.cuda;

import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One GPU's matrix products: a cuBLAS handle on the default stream, FP32 with TF32 off ({@code CUBLAS_DEFAULT_MATH})
 * or FP64 as the precision says (the accuracy the engine's tests ask for), and the count of their FLOPs.
 */
final class GpuBlas implements AutoCloseable {

    private final Gpu gpu;
    private final cublasContext handle = new cublasContext();
    private final Pointer one;
    private final Pointer zero;
    private long flops;

    GpuBlas(Gpu gpu) {
        this.gpu = gpu;
        check(cublas.cublasCreate_v2(handle), "cublasCreate");
        check(cublas.cublasSetMathMode(handle, cublas.CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        if (gpu.precision == Precision.FLOAT32) {
            one = new FloatPointer(1f);
            zero = new FloatPointer(0f);
        } else {
            one = new DoublePointer(1d);
            zero = new DoublePointer(0d);
        }
    }

    /**
     * A row-major matrix product on the device. With {@code transpose}: out (rows × n) = in (rows × k) · Wᵀ for W
     * (n × k, row-major: a PyTorch weight, used forward); without: out (rows × k) = in (rows × n) · W (the reverse
     * passes). {@code accumulate} adds to out. cuBLAS is column-major, so each product runs as its transpose.
     */
    void product(long w, int n, int k, boolean transpose, long in, int rows, long out, boolean accumulate) {
        if (rows == 0) {
            return;
        }
        Pointer beta = accumulate ? one : zero;
        int m = transpose ? n : k;
        int inner = transpose ? k : n;
        int opA = transpose ? cublas.CUBLAS_OP_T : cublas.CUBLAS_OP_N;
        int rc;
        if (gpu.precision == Precision.FLOAT32) {
            rc = cublas.cublasSgemm_v2(handle, opA, cublas.CUBLAS_OP_N, m, rows, inner, (FloatPointer) one, new FloatPointer(at(w)), k,
                    new FloatPointer(at(in)), inner, (FloatPointer) beta, new FloatPointer(at(out)), m);
        } else {
            rc = cublas.cublasDgemm_v2(handle, opA, cublas.CUBLAS_OP_N, m, rows, inner, (DoublePointer) one, new DoublePointer(at(w)), k,
                    new DoublePointer(at(in)), inner, (DoublePointer) beta, new DoublePointer(at(out)), m);
        }
        check(rc, "gemm");
        flops += 2L * rows * n * k;
    }

    /** An SGEMM of size³ on freshly allocated operands, for the benchmark's bound: FLOP/s over {@code repeats} calls. */
    double sgemmRate(int size, int repeats) {
        if (gpu.precision != Precision.FLOAT32) {
            throw new IllegalStateException("the SGEMM probe needs a FLOAT32 GPU");
        }
        long a = gpu.alloc((long) size * size), b = gpu.alloc((long) size * size), c = gpu.alloc((long) size * size);
        try {
            gpu.zero(a, (long) size * size);
            gpu.zero(b, (long) size * size);
            product(a, size, size, true, b, size, c, false);
            gpu.synchronize();
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                product(a, size, size, true, b, size, c, false);
            }
            gpu.synchronize();
            return 2.0 * size * size * (double) size * repeats / ((System.nanoTime() - start) * 1e-9);
        } finally {
            gpu.free(a);
            gpu.free(b);
            gpu.free(c);
        }
    }

    GemmWork work() {
        return new GemmWork(flops, 0, 0);
    }

    /** A JavaCPP pointer at a device address (cuBLAS takes device addresses as typed pointers). */
    private static Pointer at(long address) {
        return new Gpu.DeviceAddress(address);
    }

    private static void check(int rc, String call) {
        if (rc != cublas.CUBLAS_STATUS_SUCCESS) {
            throw new IllegalStateException("cuBLAS " + call + " failed with status " + rc);
        }
    }

    @Override
    public void close() {
        cublas.cublasDestroy_v2(handle);
        one.deallocate();
        zero.deallocate();
    }
}
