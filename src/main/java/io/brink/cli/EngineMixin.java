package io.brink.cli;

import io.brink.engine.EngineOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Precision;
import io.brink.model.SequenceClassifier;
import picocli.CommandLine.Option;

/** Engine options shared by commands: precision, workers and BLAS threads; sets up the engine's runtime once. */
public final class EngineMixin {

    @Option(names = "--precision", defaultValue = "FLOAT32", description = "FLOAT32 or FLOAT64 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--workers", description = "engine worker threads (default: one per core)")
    Integer workers;

    @Option(names = "--blas-threads", description = "threads inside one matrix product (default: 1 with several workers)")
    Integer blasThreads;

    /** The options, after making ND4J's process-wide settings from them (once per process). */
    public EngineOptions options() {
        EngineOptions o = EngineOptions.defaults().withPrecision(precision);
        if (workers != null) {
            o = o.withWorkers(workers);
        }
        if (blasThreads != null) {
            o = o.withBlasThreads(blasThreads);
        }
        CpuBackend.configure(o.blasThreads());
        return o;
    }

    /** An engine for {@code model} with these options. */
    public RobustnessEngine engine(SequenceClassifier model) {
        return new RobustnessEngine(model, options());
    }
}
