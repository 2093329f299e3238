package io.brink.cli;

import io.brink.analyze.AnalyzeSettings;
import io.brink.analyze.AnalyzeSummary;
import io.brink.analyze.Labels;
import io.brink.analyze.PointFileReader;
import io.brink.analyze.WindowAnalyzer;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.model.LoadedModel;
import io.brink.contract.ModelContract;
import io.brink.record.Json;
import io.brink.record.ScoreRecord;
import io.brink.report.ModelRun;
import io.brink.report.ReportPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code brink report}: a self-contained HTML page comparing models on the same points. */
@Command(name = "report", mixinStandardHelpOptions = true, modelTransformer = StageCommandOptions.Report.class,
        description = {"Profile the windows of a points file with one or more models (each an ONNX file, ensemble manifest or "
                + "directory) and write one self-contained HTML page comparing them: summary table, robust accuracy (with "
                + "--labels) or prediction stability against the attack radius, distance histograms, curvature against attack "
                + "distance, how far the Taylor estimates can be trusted, random-direction flip rates, calibration (with "
                + "--labels), per-series timelines. Nothing on the page is fetched from the network.",
                "Takes analyze's window, engine and model-card options; the stride defaults to 5 (every fifth window)."})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "a model to compare (repeat the option for each; up to 10)")
    List<Path> models;

    @Option(names = "--points", required = true, description = "points: JSON Lines {series, ts, values} or CSV series,ts,v1,...,vd")
    Path points;

    @Option(names = "--labels", description = "outcomes, JSON Lines {\"series\", \"ts\", \"class\"}: accuracy, robust accuracy, "
            + "calibration and conformal coverage")
    Path labels;

    @Option(names = "--out", required = true, description = "the HTML file to write")
    Path out;

    @Option(names = "--summary", description = "also write the numbers of each model's column as JSON to this file")
    Path summaryFile;

    @Option(names = "--stride", defaultValue = "5", description = "profile a window every S points (default: ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--title", description = "the page's title (default: names the points file)")
    String title;

    @Option(names = "--no-certify", description = "skip the certified radius (on by default: the report draws the bracket of a sample)")
    boolean noCertify;

    @Option(names = "--certify-sample", defaultValue = "12", description = "about how many windows per model get a certified radius"
            + " (seconds each on the CPU; chosen by a hash of their values; default: ${DEFAULT-VALUE})")
    int certifySample;

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
        if (models.size() > ReportPage.MAX_MODELS) {
            throw new IllegalArgumentException("--model: at most " + ReportPage.MAX_MODELS + " models on one page (one colour each), got " + models.size());
        }
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        List<ModelRun> runs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int steps = 0;
        int pointCount = 0;
        ProfileOptions profiled = null;
        for (int i = 0; i < models.size(); i++) {
            ModelContract contract = modelOptions.resolve("report", models.get(i), engineOptions, err);
            LoadedModel loaded = contract.model();
            steps = contract.windowLength();
            String name = names.add(loaded.name()) ? loaded.name() : loaded.name() + " (" + (i + 1) + ")";
            names.add(name);
            PointFileReader.Contents contents = PointFileReader.read(points, contract.featureNames());
            pointCount = contents.points().size();
            err.printf("brink report: model %d of %d: %s, stride %d, %d points read%s%n", i + 1, models.size(), name, stride,
                    contents.points().size(), contents.columnsNote());
            err.flush();
            Optional<Labels> outcomes = labels == null ? Optional.empty() : Optional.of(Labels.read(labels, loaded));
            if (certifySample < 1) {
                throw new IllegalArgumentException("--certify-sample must be at least 1, got " + certifySample);
            }
            int certifyEvery = noCertify ? 0 : Math.max(1, (int) Math.round(contents.points().size() / (double) stride / certifySample));
            if (certifyEvery > 0 && loaded.members().size() > 1) {
                err.printf("brink report: the certified radius of a %d-member ensemble bounds each member: about %d× a single model's "
                        + "time per certified window (--certify-sample, --no-certify)%n", loaded.members().size(), loaded.members().size());
            }
            profiled = profile.profile(certifyEvery);
            AnalyzeSettings settings = new AnalyzeSettings(steps, stride, profile.batch, !profile.noWarmStart, false, profiled);
            List<ScoreRecord> records = new ArrayList<>();
            AnalyzeSummary summary;
            try (RobustnessEngine engine = new RobustnessEngine(loaded, contract.engine())) {
                summary = new WindowAnalyzer(loaded, engine, settings, outcomes, profile.calibration()).run(contents, records::add, err,
                        System.console() != null);
            }
            if (records.isEmpty()) {
                throw new IllegalArgumentException("model " + name + " scored no window of " + points + " (window " + steps + ", "
                        + summary.seriesTooShort() + " of " + summary.series() + " series shorter than it)");
            }
            runs.add(new ModelRun(name, loaded.describe(), records,
                    (series, ts) -> outcomes.flatMap(o -> o.of(series, ts)), summary.labelled(), summary.seconds()));
            err.printf("brink report: %s: %d windows in %.1f s%n", name, records.size(), summary.seconds());
        }
        List<String> context = List.of(
                "Points: " + points.getFileName() + " (" + pointCount + " points); window " + steps + ", every " + stride
                        + (stride == 1 ? "" : "th") + " window" + (labels != null ? "; labels: " + labels.getFileName() : "; no labels"),
                "Engine: " + engineOptions.options().precision() + " on " + engineOptions.options().device() + "; " + describe(profiled)
                        + ", certified radius " + (noCertify ? "off" : "on about " + certifySample + " windows per model (linear bounds, "
                        + profiled.certify().map(c -> c.passes() + " passes)").orElse("off)")) + ", seed " + profile.seed + ".");
        ReportPage page = new ReportPage(runs, title != null ? title : "Brink robustness report: " + points.getFileName(), context);
        Files.writeString(out, page.render(), StandardCharsets.UTF_8);
        if (summaryFile != null) {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(summaryFile.toFile(), page.summaries());
        }
        err.printf(Locale.ROOT, "brink report: wrote %s (%d models) in %.1f s%n", out, runs.size(), (System.nanoTime() - start) / 1e9);
        err.flush();
        return 0;
    }

    /** The stages' settings in words, for the page's context line. */
    private static String describe(ProfileOptions o) {
        return "attack " + o.attack().map(a -> a.steps() + " steps").orElse("off")
                + ", Lanczos " + o.curvature().map(c -> "≤ " + c.maxIterations() + " products (tolerance " + c.tolerance() + ")").orElse("off")
                + ", Hutchinson " + o.hutchinson().map(h -> h.probes() + " probes").orElse("off")
                + ", random directions " + o.randomDirections().map(r -> r.directions() + " per radius").orElse("off")
                + ", PGD " + o.pgd().map(p -> p.steps() + " steps at ε = " + Arrays.stream(p.radii()).mapToObj(Double::toString)
                        .collect(Collectors.joining(", "))).orElse("off");
    }
}
