package io.brink.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Measures this machine's single-precision GEMM rate through ND4J, the yardstick for engine efficiency. */
public final class SgemmProbe {

    private SgemmProbe() {
    }

    /** Best-of-{@code reps} GFLOP/s of an n×n×n SGEMM with {@code threads} BLAS threads. */
    public static double gflops(int n, int threads, int reps) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double best = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double secs = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, 2.0 * n * n * n / secs / 1e9);
        }
        return best;
    }
}
