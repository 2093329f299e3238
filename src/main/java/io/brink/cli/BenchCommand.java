package io.brink.cli;

import io.brink.bench.ProfileBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code brink bench}: the reference robustness-profile benchmark. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the robustness profile on the reference model (2-layer LSTM, d=4, hidden 64, T=64, L=3): "
                + "forward, gradient, K Hessian-vector products of Lanczos, M Hutchinson probes, second-order estimates.",
                "Prints windows/s per stage, achieved GFLOP/s beside this machine's SGEMM rate, and last 'profile: X windows/s'."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--batch", defaultValue = "256", description = "windows per batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--power-iterations", defaultValue = "20", description = "Hessian-vector products for the eigenpair, K (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--hutchinson-probes", defaultValue = "8", description = "Hutchinson probes, M (default: ${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--repetitions", defaultValue = "3", description = "timed batches after 2 warm-up batches (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--warm-start", description = "also measure Hessian-vector products per window with and without warm start")
    boolean warmStart;

    @Option(names = "--pipeline", description = "benchmark the streaming pipeline on the embedded broker instead")
    boolean pipeline;

    @Option(names = "--uncertainty-study", description = "measure the uncertainty methods on the demo data instead: cost per window, "
            + "calibration of the ensemble against its members, attack separation by mutual information, out-of-distribution series")
    boolean uncertaintyStudy;

    @Option(names = "--conformal-shift", description = "measure the conformal sets on a synthetic stream with an abrupt shift and "
            + "outcomes at once or in bursts of 50-500, against adaptive conformal inference stepped per outcome, instead")
    boolean conformalShift;

    @Option(names = "--certify", description = "measure the certified radius instead: time per window, certified/attack ratio,"
            + " share certified, the attack before and after PGD's flips, the bound passes' multiply-adds per window and the time they"
            + " take at their kernel's rate alone (the method's floor); on --models (default: the demo model) over --points")
    boolean certify;

    @Option(names = "--models", split = ",", description = "with --certify: the ONNX models (default: data/models/eustock-vol-lstm.onnx)")
    java.util.List<java.nio.file.Path> certifyModels;

    @Option(names = "--points", defaultValue = "data/eustockmarkets-points.csv", description = "with --certify: the points file"
            + " (default: ${DEFAULT-VALUE})")
    java.nio.file.Path certifyPoints;

    @Option(names = "--windows", defaultValue = "16", description = "with --certify: windows per model (default: ${DEFAULT-VALUE})")
    int certifyWindows;

    @Option(names = "--certify-passes", defaultValue = "8", description = "with --certify: bound passes per window and norm"
            + " (default: ${DEFAULT-VALUE})")
    int certifyPasses;

    @Option(names = "--model", description = "benchmark this model (ONNX file, ensemble manifest or directory; its card's window"
            + " length, random windows) instead of the reference model; with --uncertainty-study the ensemble to study (default:"
            + " data/models/eustock-vol-ensemble.json)")
    java.nio.file.Path model;

    @Option(names = "--data", defaultValue = "data", description = "with --uncertainty-study: the demo data directory (default: ${DEFAULT-VALUE})")
    java.nio.file.Path data;

    @Mixin
    ModelMixin modelOptions;

    @Mixin
    EngineMixin engineOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (conformalShift) {
            io.brink.bench.ConformalShift.report(System.out);
            return 0;
        }
        if (uncertaintyStudy) {
            java.nio.file.Path ensemble = model != null ? model : java.nio.file.Path.of("data/models/eustock-vol-ensemble.json");
            io.brink.bench.UncertaintyStudy.run(ensemble, modelOptions.resolve("bench", ensemble, engineOptions, spec.commandLine().getErr())
                    .model(), data, engineOptions.options(), System.out);
            return 0;
        }
        if (certify) {
            java.util.List<java.nio.file.Path> models = certifyModels == null || certifyModels.isEmpty()
                    ? java.util.List.of(java.nio.file.Path.of("data/models/eustock-vol-lstm.onnx")) : certifyModels;
            io.brink.bench.CertifyBench.run(models, certifyPoints, certifyWindows,
                    new io.brink.model.bounds.Certifier.Settings(certifyPasses,
                    io.brink.model.bounds.Certifier.Settings.DEFAULT_TOLERANCE, 1), engineOptions.options(), System.out);
            return 0;
        }
        if (pipeline) {
            io.brink.bench.PipelineBench.run(engineOptions.options(), System.out);
            return 0;
        }
        java.util.Optional<ProfileBench.Given> given = java.util.Optional.empty();
        if (model != null) {
            io.brink.contract.ModelContract c = modelOptions.resolve("bench", model, engineOptions, spec.commandLine().getErr());
            given = java.util.Optional.of(new ProfileBench.Given(c.model(), c.windowLength()));
        }
        ProfileBench.run(new ProfileBench.Settings(batch, iterations, probes, repetitions, warmStart, engineOptions.options()), given,
                System.out);
        return 0;
    }
}
