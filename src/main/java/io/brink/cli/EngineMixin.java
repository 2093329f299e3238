package io.brink.cli;

import io.brink.engine.EngineOptions;
import io.brink.engine.Precision;
import picocli.CommandLine.Option;

/** Engine options shared by commands: precision, workers and BLAS threads. */
public final class EngineMixin {

    @Option(names = "--precision", defaultValue = "FLOAT32", description = "FLOAT32 or FLOAT64 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--workers", description = "engine worker threads (default: one per core)")
    Integer workers;

    @Option(names = "--blas-threads", description = "threads inside one matrix product (default: 1 with several workers)")
    Integer blasThreads;

    public EngineOptions options() {
        EngineOptions o = EngineOptions.defaults().withPrecision(precision);
        if (workers != null) {
            o = o.withWorkers(workers);
        }
        if (blasThreads != null) {
            o = o.withBlasThreads(blasThreads);
        }
        return o;
    }
}
