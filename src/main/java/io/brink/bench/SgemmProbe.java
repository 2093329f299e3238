package io.brink.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures this machine's single-precision GEMM rate through ND4J, the yardstick for engine efficiency. ND4J's
 * thread settings are process-wide, so the probe restores the engine's settings when it is done.
 */
public final class SgemmProbe {

    private SgemmProbe() {
    }

    /** Best-of-{@code reps} GFLOP/s of an n×n×n SGEMM with {@code threads} BLAS threads. */
    public static double gflops(int n, int threads, int reps) {
        int master = Nd4j.getEnvironment().maxMasterThreads();
        int max = Nd4j.getEnvironment().maxThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        try {
            setThreads(threads, threads, threads);
            return measure(n, reps);
        } finally {
            setThreads(master, max, blas);
        }
    }

    private static void setThreads(int master, int max, int blas) {
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        Nd4j.getEnvironment().setMaxThreads(max);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    private static double measure(int n, int reps) {
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
