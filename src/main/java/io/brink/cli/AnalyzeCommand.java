package io.brink.cli;

import io.brink.analyze.AnalyzeSettings;
import io.brink.analyze.AnalyzeSummary;
import io.brink.analyze.LabelSummary;
import io.brink.analyze.Labels;
import io.brink.analyze.PointFileReader;
import io.brink.analyze.WindowAnalyzer;
import io.brink.calibration.CalibrationSettings;
import io.brink.engine.RobustnessEngine;
import io.brink.model.LoadedModel;
import io.brink.contract.ModelContract;
import io.brink.record.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code brink analyze}: score every window of a points file with a model and write JSON Lines. */
@Command(name = "analyze", mixinStandardHelpOptions = true, modelTransformer = StageCommandOptions.class,
        description = {"Score every window of a points file (JSON Lines or CSV) and write one JSON line per window.",
                "Distances are in the model's input space (after the model card's normalization). distance_linear, "
                        + "distance_lower and distance_upper are Taylor-model estimates, not guarantees; attack_distance is "
                        + "a verified upper bound (null when no flip was found within the budget)."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "ONNX model file, ensemble manifest (*.json) or directory of members")
    Path model;

    @Option(names = "--points", required = true, description = "points: JSON Lines {series, ts, values} or CSV series,ts,v1,...,vd")
    Path points;

    @Option(names = "--out", required = true, description = "output JSON Lines file, or - for stdout")
    String out;

    @Option(names = "--stride", defaultValue = "1", description = "emit a window every S points (default: ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--emit-perturbation", description = "write the attack perturbation δ ([T][d]) with each record")
    boolean emitPerturbation;

    @Option(names = "--labels", description = "outcomes, JSON Lines {\"series\", \"ts\", \"class\"} (class as index or name): each"
            + " window gets its adaptive conformal prediction set and the labelled ones calibrate the model, in the order of the"
            + " points file (records are then written in that order)")
    Path labels;

    @Option(names = "--summary", description = "with --labels: write {windows, accuracy, ece, nll, brier, coverage, mean_set_size}"
            + " over the labelled windows to this JSON file")
    Path summaryFile;

    @Option(names = "--certify", description = "compute the certified radius (a proven lower bound of the distance to the boundary,"
            + " L2 and L∞; costly: about 4 s of one core per window of the demo model, docs/certified.md)")
    boolean certify;

    @Mixin
    ModelMixin modelOptions;

    @Mixin
    ProfileMixin profile;

    @Mixin
    EngineMixin engineOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        ModelContract contract = modelOptions.resolve("analyze", model, engineOptions, err);
        LoadedModel loaded = contract.model();
        int steps = contract.windowLength();
        AnalyzeSettings settings = new AnalyzeSettings(steps, stride, profile.batch, !profile.noWarmStart, emitPerturbation,
                profile.profile(certify ? 1 : 0));
        if (summaryFile != null && labels == null) {
            throw new IllegalArgumentException("--summary needs --labels: it summarizes the labelled windows");
        }
        Optional<Labels> outcomes = labels == null ? Optional.empty() : Optional.of(Labels.read(labels, loaded));
        CalibrationSettings calibration = profile.calibration();
        PointFileReader.Contents contents = PointFileReader.read(points, contract.featureNames());
        err.printf("brink analyze: stride %d, %d points read%s%n", stride, contents.points().size(), contents.columnsNote());
        AnalyzeSummary summary;
        try (RobustnessEngine engine = new RobustnessEngine(loaded, contract.engine());
             OutputStream os = out.equals("-") ? System.out : new BufferedOutputStream(Files.newOutputStream(Path.of(out)))) {
            summary = new WindowAnalyzer(loaded, engine, settings, outcomes, calibration).run(contents, os, err,
                    System.console() != null);
        }
        if (summary.labelled().isPresent()) {
            LabelSummary l = summary.labelled().get();
            err.printf("brink analyze: %d labelled windows (of %d outcomes read): accuracy %s, ECE %s, NLL %s, Brier %s, "
                            + "conformal coverage %s (target %.3f), mean set size %s%n", l.windows(), outcomes.get().count(),
                    fmt(l.accuracy()), fmt(l.ece()), fmt(l.nll()), fmt(l.brier()), fmt(l.coverage()), l.targetCoverage(),
                    fmt(l.meanSetSize()));
            l.sets().ifPresent(given -> err.printf("brink analyze: sets given: full %.1f%%, rolling-%d coverage %s to %s%n",
                    100 * given.fullSetShare(), given.rolling(), fmt(given.rollingMin()), fmt(given.rollingMax())));
            l.splitConformal().ifPresent(split -> err.printf("brink analyze: split-conformal reference (threshold %.4f from a"
                            + " random %d of them, on the other %d): coverage %.3f, mean set size %.3f, full %.1f%%, rolling-%d"
                            + " coverage %s to %s%n", split.threshold(), split.calibrationWindows(), split.test().windows(),
                    split.test().coverage(), split.test().meanSetSize(), 100 * split.test().fullSetShare(),
                    split.test().rolling(), fmt(split.test().rollingMin()), fmt(split.test().rollingMax())));
            if (summaryFile != null) {
                Json.mapper().writerWithDefaultPrettyPrinter().writeValue(summaryFile.toFile(), l);
            }
        }
        err.printf("brink analyze: %d windows from %d series scored in %.1f s (%.1f windows/s)%s%s%s -> %s%n",
                summary.windows() - summary.unscorable(), summary.series(), summary.seconds(),
                summary.windows() / Math.max(summary.seconds(), 1e-9),
                summary.badRecordCount() > 0 ? ", " + summary.badRecordCount() + " bad lines skipped" : "",
                summary.seriesTooShort() > 0 ? ", " + summary.seriesTooShort() + " series shorter than the window" : "",
                summary.unscorable() > 0 ? ", " + summary.unscorable() + " windows could not be scored (left out)" : "",
                out.equals("-") ? "stdout" : out);
        StringBuilder stages = new StringBuilder("brink analyze: engine worker time by stage:");
        summary.stageNanos().forEach((stage, nanos) -> stages.append(String.format(" %s %.1fs", stage, nanos / 1e9)));
        err.println(stages);
        if (summary.calibration().windows() > 0) {
            summary.calibration().report().forEach(line -> err.println("brink analyze: " + line));
        }
        err.flush();
        return 0;
    }

    private static String fmt(java.util.OptionalDouble v) {
        return v.isPresent() ? String.format(java.util.Locale.ROOT, "%.4f", v.getAsDouble()) : "-";
    }
}
