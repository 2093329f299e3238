package io.brink.bench;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.algorithm.Lanczos;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH benchmark of the reference robustness profile, stage by stage (same model and batch as
 * {@code brink bench}). Each operation profiles one batch; divide the batch size by the time per
 * operation for windows/s. Run with {@code tools/jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules=jdk.incubator.vector"})
public class ProfileJmh {

    @Param("256")
    int batch;

    @Param("20")
    int iterations;

    @Param("8")
    int probes;

    RobustnessEngine engine;
    WindowBatch windows;

    @Setup(Level.Trial)
    public void setUp() {
        engine = new RobustnessEngine(ReferenceModel.create(0), EngineOptions.defaults());
        windows = new WindowBatch(ReferenceModel.windows(batch, 1), batch, ReferenceModel.STEPS, ReferenceModel.FEATURES);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    /** Forward and gradient: the first-order tier. */
    @Benchmark
    public Object firstOrder() {
        return engine.profile(windows, ProfileOptions.firstOrder());
    }

    /** First order plus the Lanczos eigenpair with exactly K Hessian-vector products and the estimates. */
    @Benchmark
    public Object curvature() {
        return engine.profile(windows, ProfileOptions.builder().curvature(new Lanczos.Settings(1e-3, iterations, true)).build());
    }

    /** First order plus Hutchinson with M probes. */
    @Benchmark
    public Object hutchinson() {
        return engine.profile(windows, ProfileOptions.builder().hutchinson(probes).build());
    }

    /** The whole reference profile: forward, gradient, K-product eigenpair, M-probe Hutchinson, estimates. */
    @Benchmark
    public Object profile() {
        return engine.profile(windows, ProfileOptions.builder().curvature(new Lanczos.Settings(1e-3, iterations, true))
                .hutchinson(probes).build());
    }
}
