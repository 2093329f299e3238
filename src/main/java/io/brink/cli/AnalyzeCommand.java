package io.brink.cli;

import io.brink.analyze.AnalyzeSettings;
import io.brink.analyze.AnalyzeSummary;
import io.brink.analyze.LabelSummary;
import io.brink.analyze.Labels;
import io.brink.analyze.PointFileReader;
import io.brink.analyze.WindowAnalyzer;
import io.brink.calibration.CalibrationSettings;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.algorithm.HvpMode;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.RandomDirections;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.onnx.OnnxModelLoader;
import io.brink.record.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code brink analyze}: score every window of a points file with a model and write JSON Lines. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
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

    @Option(names = "--window", description = "window length T (default: the model card's window_length)")
    Integer window;

    @Option(names = "--stride", defaultValue = "1", description = "emit a window every S points (default: ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--emit-perturbation", description = "write the attack perturbation δ ([T][d]) with each record")
    boolean emitPerturbation;

    @Option(names = "--batch", defaultValue = "256", description = "windows profiled together (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--curvature-tolerance", defaultValue = "1e-3",
            description = "Lanczos stops at residual ≤ tol·|largest Ritz value| (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--max-hvp", defaultValue = "50", description = "Hessian-vector products per window at most (default: ${DEFAULT-VALUE})")
    int maxHvp;

    @Option(names = "--hutchinson-probes", defaultValue = "8", description = "probes for the Hessian Frobenius norm, 0 = skip (default: ${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--hvp", defaultValue = "EXACT", description = "EXACT or FINITE_DIFFERENCE (default: ${DEFAULT-VALUE})")
    HvpMode hvp;

    @Option(names = "--labels", description = "outcomes, JSON Lines {\"series\", \"ts\", \"class\"} (class as index or name): each"
            + " window gets its adaptive conformal prediction set and the labelled ones calibrate the model, in the order of the"
            + " points file (records are then written in that order)")
    Path labels;

    @Option(names = "--summary", description = "with --labels: write {windows, accuracy, ece, nll, brier, coverage, mean_set_size}"
            + " over the labelled windows to this JSON file")
    Path summaryFile;

    @Option(names = "--conformal-alpha", defaultValue = "0.1", description = "target miscoverage of the sets (default: ${DEFAULT-VALUE})")
    double conformalAlpha;

    @Option(names = "--conformal-gamma", defaultValue = "0.01", description = "adaptive conformal step (default: ${DEFAULT-VALUE})")
    double conformalGamma;

    @Option(names = "--conformal-window", defaultValue = "500", description = "recent calibration scores of the conformal quantile"
            + " (default: ${DEFAULT-VALUE})")
    int conformalWindow;

    @Option(names = "--no-attack", description = "skip the verified attack")
    boolean noAttack;

    @Option(names = "--attack-steps", defaultValue = "50", description = "linearization steps of the attack (default: ${DEFAULT-VALUE})")
    int attackSteps;

    @Option(names = "--radii", split = ",", defaultValue = "0.1,0.3,1.0",
            description = "radii for random-direction flip probabilities, comma-separated; 'none' to skip (default: ${DEFAULT-VALUE})")
    List<String> radii;

    @Option(names = "--directions", defaultValue = "32", description = "random directions per radius (default: ${DEFAULT-VALUE})")
    int directions;

    @Option(names = "--epsilon", defaultValue = "0.05", description = "flip fraction that defines the safe radius (default: ${DEFAULT-VALUE})")
    double epsilon;

    @Option(names = "--no-warm-start", description = "start every eigenvector search from a random vector")
    boolean noWarmStart;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--class-names", split = ",", description = "override the model card's class names")
    List<String> classNames;

    @Option(names = "--feature-names", split = ",", description = "override the model card's feature names")
    List<String> featureNames;

    @Option(names = "--mean", split = ",", description = "override the normalization mean (one per feature)")
    double[] mean;

    @Option(names = "--std", split = ",", description = "override the normalization std (one per feature)")
    double[] std;

    @Mixin
    EngineMixin engineOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoadedModel loaded = engineOptions.withUncertainty(OnnxModelLoader.load(model))
                .withCard(new ModelCard(Optional.ofNullable(window), Optional.ofNullable(featureNames), Optional.ofNullable(classNames),
                        Optional.ofNullable(mean), Optional.ofNullable(std), Optional.empty()));
        int steps = loaded.card().windowLength().orElseThrow(() -> new IllegalArgumentException(
                "the window length is unknown: pass --window T or set window_length in the model card"));
        ProfileOptions.Builder b = ProfileOptions.builder()
                .curvature(new Lanczos.Settings(tolerance, maxHvp, false))
                .hutchinson(probes)
                .hvpMode(hvp)
                .seed(seed);
        if (!noAttack) {
            b.attack(attackSteps);
        }
        if (!(radii.size() == 1 && radii.get(0).equalsIgnoreCase("none"))) {
            b.randomDirections(new RandomDirections.Settings(radii.stream().mapToDouble(AnalyzeCommand::radius).toArray(),
                    directions, epsilon));
        }
        ProfileOptions profile = b.build();
        AnalyzeSettings settings = new AnalyzeSettings(steps, stride, batch, !noWarmStart, emitPerturbation, profile);
        if (summaryFile != null && labels == null) {
            throw new IllegalArgumentException("--summary needs --labels: it summarizes the labelled windows");
        }
        Optional<Labels> outcomes = labels == null ? Optional.empty() : Optional.of(Labels.read(labels, loaded));
        CalibrationSettings calibration = new CalibrationSettings(CalibrationSettings.defaults().window(), conformalAlpha,
                conformalGamma, conformalWindow, CalibrationSettings.defaults().estimateWindow());
        PointFileReader.Contents contents = PointFileReader.read(points);
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.printf("brink analyze: model %s (%s), window %d, stride %d, %d points read%n", loaded.name(),
                loaded.describe(), steps, stride, contents.points().size());
        AnalyzeSummary summary;
        try (RobustnessEngine engine = engineOptions.engine(loaded);
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
        summary.stageNanos().forEach((stage, nanos) -> stages.append(String.format(" %s %.1fs", stage.name().toLowerCase(), nanos / 1e9)));
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

    private static double radius(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--radii takes numbers or 'none', got '" + text + "'");
        }
    }
}
