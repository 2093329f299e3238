package io.brink.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Single-threaded SGEMM through ND4J at the shapes the reference profile's recurrence uses
 * ({@code rows × 64 × 256} per step forward, {@code rows × 256 × 64} per step in reverse) and at 1024³,
 * to show what the product shapes alone allow. GFLOP/s = 2·m·k·n / time. Run with
 * {@code tools/jmh.sh GemmShapesJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class GemmShapesJmh {

    @Param({"128x64x256", "128x256x64", "256x64x256", "512x64x256", "8192x64x256", "1024x1024x1024"})
    String shape;

    INDArray a;
    INDArray b;
    INDArray c;

    @Setup(Level.Trial)
    public void setUp() {
        String[] mkn = shape.split("x");
        int m = Integer.parseInt(mkn[0]);
        int k = Integer.parseInt(mkn[1]);
        int n = Integer.parseInt(mkn[2]);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        a = Nd4j.rand(DataType.FLOAT, m, k);
        b = Nd4j.rand(DataType.FLOAT, k, n);
        c = Nd4j.create(DataType.FLOAT, m, n);
    }

    @Benchmark
    public INDArray gemm() {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        return c;
    }
}
