package io.brink.analyze;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.brink.calibration.CalibrationSettings;
import io.brink.calibration.ModelCalibration;
import io.brink.engine.BatchProfile;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowOutcome;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.WarmStart;
import io.brink.model.LoadedModel;
import io.brink.model.Normalizer;
import io.brink.record.Json;
import io.brink.record.Point;
import io.brink.record.ScoreMapper;
import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import io.brink.window.Window;
import io.brink.window.WindowBatcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final ObjectWriter json = Json.mapper().writer();

    private final Optional<Labels> labels;
    private final CalibrationSettings calibrationSettings;

    public WindowAnalyzer(LoadedModel model, RobustnessEngine engine, AnalyzeSettings settings) {
        this(model, engine, settings, Optional.empty(), CalibrationSettings.defaults());
    }

    /**
     * An analyzer that, with {@code labels}, gives every window its adaptive conformal prediction set and calibrates the
     * model on the labelled windows, in the order of the points file, with the live path's code.
     */
    public WindowAnalyzer(LoadedModel model, RobustnessEngine engine, AnalyzeSettings settings, Optional<Labels> labels,
                          CalibrationSettings calibration) {
        this.model = model;
        this.engine = engine;
        this.settings = settings;
        this.labels = labels;
        this.calibrationSettings = calibration;
    }

    /** A scored window waiting, in labels mode, for its turn in the order of the points file. */
    private record Scored(long fileIndex, ScoreRecord record) {
    }

    /** Where scored records go, in the order they are final. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(ScoreRecord record) throws IOException;

        /** After each batch: what was accepted should be visible now (a stream flushes). */
        default void flush() throws IOException {
        }
    }

    /** Scores {@code contents} and writes records to {@code out}; progress and bad-line reports go to {@code log}. */
    public AnalyzeSummary run(PointFileReader.Contents contents, OutputStream out, PrintWriter log, boolean progressBar) throws IOException {
        AnalyzeSummary summary = run(contents, new RecordSink() {
            @Override
            public void accept(ScoreRecord rec) throws IOException {
                out.write(json.writeValueAsBytes(rec));
                out.write('\n');
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        }, log, progressBar);
        out.flush();
        return summary;
    }

    /** Scores {@code contents} and hands each record to {@code sink}; progress and bad-line reports go to {@code log}. */
    public AnalyzeSummary run(PointFileReader.Contents contents, RecordSink sink, PrintWriter log, boolean progressBar) throws IOException {
        long start = System.nanoTime();
        int d = model.classifier().inputSize();
        Normalizer normalizer = model.normalizer();
        List<Point> good = new ArrayList<>();
        Map<String, Long> fileIndex = new HashMap<>();
        List<Scored> held = new ArrayList<>();
        List<BadRecord> bad = new ArrayList<>(contents.bad());
        for (int idx = 0; idx < contents.points().size(); idx++) {
            Point p = contents.points().get(idx);
            if (p.values().length != d) {
                if (good.isEmpty() && bad.size() == contents.bad().size()) {
                    throw new FeatureCountException("the points have " + p.values().length + " values each but model '" + model.name()
                            + "' takes " + d + " features per step"
                            + model.card().featureNames().map(n -> " " + n).orElse(""));
                }
                bad.add(new BadRecord(contents.lines().get(idx), "series " + p.series() + " at ts " + p.ts() + " has " + p.values().length
                        + " values, the model takes " + d));
                continue;
            }
            double[] normalized = normalizer.point(p.values());
            Optional<String> range = normalizer.outOfRange(normalized, p.values());
            if (range.isPresent()) {
                bad.add(new BadRecord(contents.lines().get(idx), "series " + p.series() + " at ts " + p.ts() + ": " + range.get()));
                continue;
            }
            good.add(new Point(p.series(), p.ts(), normalized));
            fileIndex.putIfAbsent(p.series() + "\u0000" + p.ts(), (long) idx);
        }
        for (int i = 0; i < Math.min(REPORTED_BAD, bad.size()); i++) {
            log.println("skipped " + bad.get(i));
        }
        if (bad.size() > REPORTED_BAD) {
            log.println("skipped " + (bad.size() - REPORTED_BAD) + " more bad lines");
        }
        log.flush();

        Map<String, List<Window>> windows = SeriesWindows.cut(good, settings.steps(), settings.stride(), d);
        int tooShort = 0;
        long total = 0;
        for (List<Window> w : windows.values()) {
            total += w.size();
            if (w.isEmpty()) {
                tooShort++;
            }
        }
        List<List<Window>> batches = batches(windows);
        Progress progress = new Progress(log, total, progressBar && total >= 2L * settings.batchSize());
        Map<String, double[]> previousEigenvector = new HashMap<>();
        Map<String, Long> stageNanos = new LinkedHashMap<>();
        EstimateCalibration calibration = new EstimateCalibration();
        long unscorable = 0;
        for (List<Window> batch : batches) {
            BatchProfile result = engine.profile(WindowBatcher.batch(batch, w -> settings.warmStart()
                    ? WarmStart.fromPrevious(Optional.ofNullable(previousEigenvector.get(w.series()))) : Optional.empty()),
                    settings.profile());
            result.stageNanos().forEach((stage, nanos) -> stageNanos.merge(stage, nanos, Long::sum));
            for (int i = 0; i < batch.size(); i++) {
                Window w = batch.get(i);
                if (result.outcomes().get(i) instanceof WindowOutcome.Unscorable u) {
                    if (unscorable++ < REPORTED_BAD) {
                        log.printf("brink analyze: the window of series %s ending at ts %d cannot be scored: %s%n", w.series(), w.ts(),
                                u.reason());
                    }
                    continue;
                }
                WindowProfile p = (WindowProfile) result.outcomes().get(i);
                p.curvature().ifPresent(c -> previousEigenvector.put(w.series(), c.eigenvector()));
                if (p.curvature().isPresent() && p.attack() instanceof AttackOutcome.Flip flip) {
                    calibration.add(p.distances(), flip.distance());
                }
                ScoreRecord rec = ScoreMapper.map(w.series(), w.ts(), w.seq(), model, Tier.ONE, p, settings.emitPerturbation());
                if (labels.isPresent()) {
                    held.add(new Scored(fileIndex.getOrDefault(w.series() + "\u0000" + w.ts(), Long.MAX_VALUE), rec));
                } else {
                    sink.accept(rec);
                }
            }
            sink.flush();
            progress.advance(batch.size());
        }
        progress.finish();
        Optional<LabelSummary> labelled = labels.isPresent() ? Optional.of(calibrate(held, sink)) : Optional.empty();
        return new AnalyzeSummary(contents.points().size(), windows.size(), tooShort, total,
                List.copyOf(bad.subList(0, Math.min(REPORTED_BAD, bad.size()))), bad.size(), (System.nanoTime() - start) / 1e9,
                stageNanos, calibration, unscorable, labelled);
    }

    /**
     * Labels mode: the windows in the order of the points file (of their last points); each gets the set of the
     * conformal rule as it stands, is counted for the accuracy estimate, and, when labelled, calibrates the model and
     * moves α_t (outcomes known at once). Records are written in that order.
     */
    private LabelSummary calibrate(List<Scored> held, RecordSink sink) throws IOException {
        held.sort(java.util.Comparator.comparingLong(Scored::fileIndex));
        ModelCalibration c = new ModelCalibration(calibrationSettings);
        List<double[]> probabilities = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        List<List<Integer>> sets = new ArrayList<>();
        for (Scored s : held) {
            ScoreRecord rec = s.record();
            List<Integer> set = c.give(rec.probabilities());
            c.predicted(io.brink.calibration.Labelled.confidenceOf(rec.probabilities()));
            Optional<Integer> y = labels.get().of(rec.series(), rec.ts());
            if (y.isPresent()) {
                c.labelled(rec.probabilities(), y.get(), set);
                probabilities.add(rec.probabilities());
                classes.add(y.get());
                sets.add(set);
            }
            sink.accept(rec.withPredictionSet(set.stream().map(model.card()::className).toList()));
        }
        return LabelSummary.of(c, model.uncertainty().name(), probabilities, classes, sets);
    }

    /** Windows in series order, cut into batches of the configured size. */
    private List<List<Window>> batches(Map<String, List<Window>> windows) {
        List<List<Window>> out = new ArrayList<>();
        List<Window> current = new ArrayList<>();
        for (List<Window> series : windows.values()) {
            for (Window w : series) {
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
