package io.brink.bench;

import io.brink.analyze.AnalyzeSettings;
import io.brink.analyze.AnalyzeSummary;
import io.brink.analyze.LabelSummary;
import io.brink.analyze.Labels;
import io.brink.analyze.PointFileReader;
import io.brink.analyze.SeriesWindows;
import io.brink.analyze.WindowAnalyzer;
import io.brink.calibration.CalibrationSettings;
import io.brink.calibration.Labelled;
import io.brink.calibration.ModelCalibration;
import io.brink.demo.OutOfDistribution;
import io.brink.engine.BatchProfile;
import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.stage.UncertaintyStage;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.Normalizer;
import io.brink.model.UncertaintySpec;
import io.brink.onnx.OnnxModelLoader;
import io.brink.record.Point;
import io.brink.window.Window;
import io.brink.window.WindowBatcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The uncertainty measurements of docs/benchmarks.md, on the demo data ({@code brink bench --uncertainty-study}): each
 * method's cost per window relative to one forward pass of one member; calibration (ECE, NLL, Brier, conformal coverage
 * and set size) of the ensemble against each member and against test-time noise and MC dropout on member 1, over the
 * labelled EuStockMarkets windows in file order; how well mutual information and entropy separate windows that the
 * ensemble's own attack flipped from clean ones (AUROC); and what mutual information, entropy and coverage do on
 * out-of-distribution series.
 */
public final class UncertaintyStudy {

    private static final int T = 32;

    private UncertaintyStudy() {
    }

    /** Runs the study for the ensemble {@code resolved} (read from {@code ensemblePath}) on {@code dataDir}, printing a report. */
    public static void run(Path ensemblePath, LoadedModel resolved, Path dataDir, EngineOptions options, PrintStream out) throws IOException {
        LoadedModel ensemble = resolved;
        double[] cuts = OnnxModelLoader.metadataNumbers(ensemblePath, "volatility_cuts_pct");
        List<LoadedModel> members = new ArrayList<>();
        for (int m = 0; m < ensemble.members().size(); m++) {
            members.add(new LoadedModel("member-" + (m + 1), ensemble.version(), ensemble.members().get(m), ensemble.card()));
        }
        LoadedModel first = members.get(0);
        LoadedModel noise = first.withCard(ModelCard.ofUncertainty(new UncertaintySpec("input_noise", Optional.of(16),
                Optional.of(0.3), Optional.empty(), Optional.empty())));
        LoadedModel dropout = first.withCard(ModelCard.ofUncertainty(new UncertaintySpec("mc_dropout", Optional.of(16),
                Optional.empty(), Optional.of(0.2), Optional.of(List.of(0, 1)))));
        PointFileReader.Contents points = PointFileReader.read(dataDir.resolve("eustockmarkets-points.csv"), ensemble.card().featureNames());
        Labels labels = Labels.read(dataDir.resolve("models").resolve("eustock-vol.outcomes.jsonl"), ensemble);
        out.printf("brink bench --uncertainty-study: %s (%s), %d points, %d outcomes; %s%n", ensemble.name(), ensemble.describe(),
                points.points().size(), labels.count(), options);

        cost(first, noise, dropout, ensemble, points, options, out);

        out.println("calibration over the labelled windows in file order (conformal alpha 0.1, gamma 0.01):");
        out.println("  model                          windows  accuracy  ECE     NLL     Brier   coverage  mean set");
        List<LoadedModel> all = new ArrayList<>(members);
        all.add(noise);
        all.add(dropout);
        all.add(ensemble);
        for (LoadedModel m : all) {
            LabelSummary s = labelled(m, points, labels, options);
            out.printf(Locale.ROOT, "  %-30s %7d  %.4f    %.4f  %.4f  %.4f  %.4f    %.3f%n", m.name() + " " + m.uncertainty().name(),
                    s.windows(), s.accuracy().orElse(Double.NaN), s.ece().orElse(Double.NaN), s.nll().orElse(Double.NaN),
                    s.brier().orElse(Double.NaN), s.coverage().orElse(Double.NaN), s.meanSetSize().orElse(Double.NaN));
        }

        List<Window> windows = windows(ensemble, points);
        attackSeparation(ensemble, windows, options, out);
        outOfDistribution(ensemble, windows, labels, cuts, options, out);
    }

    private static List<Window> windows(LoadedModel model, PointFileReader.Contents contents) {
        Normalizer n = model.normalizer();
        List<Point> normalized = contents.points().stream().map(p -> new Point(p.series(), p.ts(), n.point(p.values()))).toList();
        List<Window> out = new ArrayList<>();
        for (List<Window> w : SeriesWindows.cut(normalized, T, 1, 1).values()) {
            out.addAll(w);
        }
        return out;
    }

    /** Per window: forward stage, uncertainty stage and the whole tier-0 profile, each over one member's forward. */
    private static void cost(LoadedModel single, LoadedModel noise, LoadedModel dropout, LoadedModel ensemble,
                             PointFileReader.Contents points, EngineOptions options, PrintStream out) {
        List<Window> ws = windows(single, points).subList(0, 1024);
        WindowBatch batch = WindowBatcher.batch(ws);
        double base = Double.NaN;
        out.println("cost per window (tier-0 profile: forward, margin gradient, uncertainty; 1,024 windows, one worker, best of 5 after"
                + " 2 warm-ups):");
        out.println("  method          forward+uncertainty   tier-0 total    (x one member's forward pass)");
        for (LoadedModel m : List.of(single, noise, dropout, ensemble)) {
            // One worker: stage times are summed over workers, so only then do they compare with the wall time.
            try (RobustnessEngine e = new RobustnessEngine(m, options.withWorkers(1))) {
                double bestFwd = Double.MAX_VALUE;
                double bestUnc = Double.MAX_VALUE;
                double bestTotal = Double.MAX_VALUE;
                for (int r = 0; r < 7; r++) {
                    BatchProfile p = e.profile(batch, ProfileOptions.firstOrder());
                    if (r >= 2) {
                        bestFwd = Math.min(bestFwd, p.stageNanos().get(BatchProfile.FORWARD) / (double) ws.size());
                        bestUnc = Math.min(bestUnc, (p.stageNanos().get(BatchProfile.FORWARD) + p.stageNanos().get(UncertaintyStage.KEY.name()))
                                / (double) ws.size());
                        bestTotal = Math.min(bestTotal, p.wallNanos() / (double) ws.size());
                    }
                }
                if (Double.isNaN(base)) {
                    base = bestFwd;
                }
                out.printf(Locale.ROOT, "  %-14s %8.1f us (%5.1fx)   %8.1f us (%5.1fx)%n", m.uncertainty().name()
                                + (m.uncertainty().members() > 1 ? " x" + m.uncertainty().members() : ""), bestUnc / 1e3,
                        bestUnc / base, bestTotal / 1e3, bestTotal / base);
            }
        }
    }

    private static LabelSummary labelled(LoadedModel m, PointFileReader.Contents points, Labels labels, EngineOptions options)
            throws IOException {
        try (RobustnessEngine e = new RobustnessEngine(m, options)) {
            AnalyzeSummary s = new WindowAnalyzer(m, e, new AnalyzeSettings(T, 1, 256, false, false, ProfileOptions.firstOrder()),
                    Optional.of(labels), CalibrationSettings.defaults())
                    .run(points, OutputStream.nullOutputStream(), new PrintWriter(OutputStream.nullOutputStream()), false);
            return s.labelled().orElseThrow();
        }
    }

    /** AUROC of mutual information (and entropy) between windows moved by the ensemble's verified flip and clean windows. */
    private static void attackSeparation(LoadedModel ensemble, List<Window> all, EngineOptions options, PrintStream out) {
        List<Window> sample = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 12) {
            sample.add(all.get(i));
        }
        try (RobustnessEngine e = new RobustnessEngine(ensemble, options)) {
            List<WindowProfile> clean = e.profile(WindowBatcher.batch(sample), ProfileOptions.builder().attack(50).build()).windows();
            List<Window> moved = new ArrayList<>();
            List<WindowProfile> cleanFlipped = new ArrayList<>();
            for (int i = 0; i < sample.size(); i++) {
                if (clean.get(i).attack() instanceof AttackOutcome.Flip f) {
                    Window w = sample.get(i);
                    double[] v = w.values().clone();
                    for (int k = 0; k < v.length; k++) {
                        v[k] += f.perturbation()[k];
                    }
                    moved.add(new Window(w.series(), w.ts(), w.seq(), w.steps(), w.features(), v));
                    cleanFlipped.add(clean.get(i));
                }
            }
            List<WindowProfile> adv = e.profile(WindowBatcher.batch(moved), ProfileOptions.firstOrder()).windows();
            double mi = auroc(adv, clean, p -> p.spread().mutualInformation().orElseThrow());
            double h = auroc(adv, clean, p -> p.spread().entropy());
            double miPaired = auroc(adv, cleanFlipped, p -> p.spread().mutualInformation().orElseThrow());
            out.printf(Locale.ROOT, "attack separation: %d clean windows (every 12th), %d flipped by the ensemble's attack (50 steps)%n",
                    sample.size(), adv.size());
            out.printf(Locale.ROOT, "  AUROC flipped vs clean: mutual information %.3f, entropy %.3f; MI flipped vs the same windows "
                    + "clean %.3f%n", mi, h, miPaired);
            out.printf(Locale.ROOT, "  mean MI clean %.4f, flipped %.4f; mean entropy clean %.4f, flipped %.4f (nats)%n",
                    mean(clean, p -> p.spread().mutualInformation().orElseThrow()),
                    mean(adv, p -> p.spread().mutualInformation().orElseThrow()), mean(clean, p -> p.spread().entropy()),
                    mean(adv, p -> p.spread().entropy()));
        }
    }

    /** P(score of a positive > score of a negative), ties counting one half (Mann-Whitney). */
    static double auroc(List<WindowProfile> positives, List<WindowProfile> negatives, ToDoubleFunction<WindowProfile> score) {
        double wins = 0;
        for (WindowProfile p : positives) {
            double a = score.applyAsDouble(p);
            for (WindowProfile n : negatives) {
                double b = score.applyAsDouble(n);
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.size() * negatives.size());
    }

    private static double mean(List<WindowProfile> ps, ToDoubleFunction<WindowProfile> f) {
        return ps.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /**
     * Each out-of-distribution shape after the in-distribution windows: mean MI, entropy and disagreement of its windows,
     * and the realized coverage of the conformal sets they get from a calibration that has seen the labelled data (sets
     * made and outcomes taken in order, labels from the shape's own realized volatility and the model's class cuts).
     */
    private static void outOfDistribution(LoadedModel ensemble, List<Window> inDistribution, Labels labels, double[] cuts,
                                          EngineOptions options, PrintStream out) {
        try (RobustnessEngine e = new RobustnessEngine(ensemble, options)) {
            List<WindowProfile> id = firstOrder(e, inDistribution);
            ModelCalibration warm = replayed(id, inDistribution, labels);
            out.printf(Locale.ROOT, "out of distribution (ensemble; in-distribution: %d EuStockMarkets windows, coverage %.3f there):%n",
                    id.size(), warm.coverage().orElse(Double.NaN));
            out.println("  series               windows  mean MI   mean entropy  disagreement  accuracy  coverage  mean set");
            out.printf(Locale.ROOT, "  %-20s %7d  %.4f    %.4f        %.3f%n", "EuStockMarkets", id.size(),
                    mean(id, p -> p.spread().mutualInformation().orElseThrow()), mean(id, p -> p.spread().entropy()),
                    mean(id, p -> p.spread().disagreement().orElseThrow()));
            Normalizer n = ensemble.normalizer();
            for (OutOfDistribution shape : OutOfDistribution.values()) {
                double[] raw = shape.series(400, 7);
                List<Window> ws = new ArrayList<>();
                List<Integer> ys = new ArrayList<>();
                for (int end = T - 1; end + 10 < raw.length; end++) {
                    double[] v = new double[T];
                    for (int k = 0; k < T; k++) {
                        v[k] = n.point(new double[] {raw[end - T + 1 + k]})[0];
                    }
                    ws.add(new Window(shape.name(), end, end, T, 1, v));
                    ys.add(volatilityClass(raw, end, cuts));
                }
                List<WindowProfile> ps = firstOrder(e, ws);
                ModelCalibration c = replayed(id, inDistribution, labels);
                long covered = 0;
                long correct = 0;
                long size = 0;
                for (int i = 0; i < ps.size(); i++) {
                    double[] p = ps.get(i).spread().probabilities();
                    List<Integer> set = c.give(p);
                    covered += set.contains(ys.get(i)) ? 1 : 0;
                    size += set.size();
                    correct += new Labelled(p, ys.get(i)).correct() ? 1 : 0;
                    c.labelled(p, ys.get(i), set);
                }
                out.printf(Locale.ROOT, "  %-20s %7d  %.4f    %.4f        %.3f         %.3f     %.3f     %.3f%n", shape.name(), ps.size(),
                        mean(ps, p -> p.spread().mutualInformation().orElseThrow()), mean(ps, p -> p.spread().entropy()),
                        mean(ps, p -> p.spread().disagreement().orElseThrow()), (double) correct / ps.size(),
                        (double) covered / ps.size(), (double) size / ps.size());
            }
        }
    }

    /** Tier-0 profiles of {@code ws}, in batches of 256. */
    private static List<WindowProfile> firstOrder(RobustnessEngine e, List<Window> ws) {
        List<WindowProfile> out = new ArrayList<>();
        for (int i = 0; i < ws.size(); i += 256) {
            out.addAll(e.profile(WindowBatcher.batch(ws.subList(i, Math.min(ws.size(), i + 256))), ProfileOptions.firstOrder()).windows());
        }
        return out;
    }

    /** A calibration (default settings) that has seen the labelled windows among {@code windows}, in order, sets made as it goes. */
    private static ModelCalibration replayed(List<WindowProfile> id, List<Window> windows, Labels labels) {
        ModelCalibration c = new ModelCalibration(CalibrationSettings.defaults());
        for (int i = 0; i < windows.size(); i++) {
            Optional<Integer> y = labels.of(windows.get(i).series(), windows.get(i).ts());
            if (y.isPresent()) {
                c.labelled(id.get(i).spread().probabilities(), y.get(), c.give(id.get(i).spread().probabilities()));
            }
        }
        return c;
    }

    /** The class of the realized volatility (sample std) of the 10 values after {@code end}. */
    static int volatilityClass(double[] raw, int end, double[] cuts) {
        double mean = 0;
        for (int k = end + 1; k <= end + 10; k++) {
            mean += raw[k] / 10;
        }
        double var = 0;
        for (int k = end + 1; k <= end + 10; k++) {
            var += Math.pow(raw[k] - mean, 2) / 9;
        }
        double vol = Math.sqrt(var);
        return vol < cuts[0] ? 0 : vol < cuts[1] ? 1 : 2;
    }
}
