package io.brink.analyze;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.engine.BatchProfile;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.Stage;
import io.brink.engine.WarmStart;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.model.LoadedModel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every window of a points file and writes one JSON line per window. Windows are batched in
 * series and time order; with warm start each window's eigenvector search starts from the most recent
 * eigenvector of its series computed in an earlier batch (full batches matter more for speed than
 * the nearest predecessor does for the start vector).
 */
public final class WindowAnalyzer {

    private static final int REPORTED_BAD = 5;

    private final LoadedModel model;
    private final RobustnessEngine engine;
    private final AnalyzeSettings settings;
    private final ObjectMapper json = new ObjectMapper();

    public WindowAnalyzer(LoadedModel model, RobustnessEngine engine, AnalyzeSettings settings) {
        this.model = model;
        this.engine = engine;
        this.settings = settings;
    }

    /** Scores {@code contents} and writes records to {@code out}; progress and bad-line reports go to {@code log}. */
    public AnalyzeSummary run(PointFileReader.Contents contents, OutputStream out, PrintWriter log, boolean progressBar) throws IOException {
        long start = System.nanoTime();
        int d = model.classifier().inputSize();
        List<Point> good = new ArrayList<>();
        List<BadRecord> bad = new ArrayList<>(contents.bad());
        for (int idx = 0; idx < contents.points().size(); idx++) {
            Point p = contents.points().get(idx);
            if (p.values().length != d) {
                if (good.isEmpty() && bad.size() == contents.bad().size()) {
                    throw new FeatureCountException("the points have " + p.values().length + " values each but model '" + model.name()
                            + "' takes " + d + " features per step"
                            + (model.card().featureNames() != null ? " " + model.card().featureNames() : ""));
                }
                bad.add(new BadRecord(contents.lines().get(idx), "series " + p.series() + " at ts " + p.ts() + " has " + p.values().length
                        + " values, the model takes " + d));
                continue;
            }
            double[] v = p.values().clone();
            model.normalize(v, 0);
            good.add(new Point(p.series(), p.ts(), v));
        }
        for (int i = 0; i < Math.min(REPORTED_BAD, bad.size()); i++) {
            log.println("skipped " + bad.get(i));
        }
        if (bad.size() > REPORTED_BAD) {
            log.println("skipped " + (bad.size() - REPORTED_BAD) + " more bad lines");
        }
        log.flush();

        Map<String, List<SeriesWindows.Window>> windows = SeriesWindows.cut(good, settings.steps(), settings.stride(), d);
        int tooShort = 0;
        long total = 0;
        for (List<SeriesWindows.Window> w : windows.values()) {
            total += w.size();
            if (w.isEmpty()) {
                tooShort++;
            }
        }
        List<List<SeriesWindows.Window>> batches = batches(windows);
        Progress progress = new Progress(log, total, progressBar && total >= 2L * settings.batchSize());
        Map<String, double[]> previousEigenvector = new HashMap<>();
        Map<Stage, Long> stageNanos = new EnumMap<>(Stage.class);
        EstimateCalibration calibration = new EstimateCalibration();
        {
            for (List<SeriesWindows.Window> batch : batches) {
                int n = batch.size();
                double[] x = new double[n * settings.steps() * d];
                double[][] warm = settings.warmStart() ? new double[n][] : null;
                for (int i = 0; i < n; i++) {
                    SeriesWindows.Window w = batch.get(i);
                    System.arraycopy(w.values(), 0, x, i * settings.steps() * d, settings.steps() * d);
                    if (warm != null && previousEigenvector.containsKey(w.series())) {
                        warm[i] = WarmStart.fromPrevious(previousEigenvector.get(w.series()));
                    }
                }
                BatchProfile result = engine.profile(new WindowBatch(x, n, settings.steps(), d), settings.profile(), warm);
                result.stageNanos().forEach((stage, nanos) -> stageNanos.merge(stage, nanos, Long::sum));
                List<WindowProfile> profiles = result.windows();
                for (int i = 0; i < n; i++) {
                    SeriesWindows.Window w = batch.get(i);
                    WindowProfile p = profiles.get(i);
                    if (p.curvature() != null) {
                        previousEigenvector.put(w.series(), p.curvature().eigenvector());
                        if (p.attack() != null) {
                            calibration.add(p.distances().linear(), p.distances().lower(), p.distances().upper(), p.attack().distance());
                        }
                    }
                    out.write(json.writeValueAsBytes(
                            ScoreRecord.of(w.series(), w.ts(), (long) w.indexInSeries(), model.name(), model.card(), p, d,
                                    settings.emitPerturbation())));
                    out.write('\n');
                }
                out.flush();
                progress.advance(n);
            }
        }
        progress.finish();
        return new AnalyzeSummary(contents.points().size(), windows.size(), tooShort, total,
                List.copyOf(bad.subList(0, Math.min(REPORTED_BAD, bad.size()))), bad.size(), (System.nanoTime() - start) / 1e9,
                stageNanos, calibration);
    }

    /** Windows in series order, cut into batches of the configured size. */
    private List<List<SeriesWindows.Window>> batches(Map<String, List<SeriesWindows.Window>> windows) {
        List<List<SeriesWindows.Window>> out = new ArrayList<>();
        List<SeriesWindows.Window> current = new ArrayList<>();
        for (List<SeriesWindows.Window> series : windows.values()) {
            for (SeriesWindows.Window w : series) {
                current.add(w);
                if (current.size() == settings.batchSize()) {
                    out.add(current);
                    current = new ArrayList<>();
                }
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Raised when the points do not have the model's number of features. */
    public static final class FeatureCountException extends RuntimeException {
        public FeatureCountException(String message) {
            super(message);
        }
    }
}
