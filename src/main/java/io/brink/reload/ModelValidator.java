package io.brink.reload;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowOutcome;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;

import java.util.Arrays;
import java.util.Optional;

/**
 * Decides whether a new model version may replace the serving one without a restart: the same input shape
 * (features per step, window length), the same classes (count and names: outcomes and alert rules name them),
 * the same normalization (windows already in state were normalized with it), and a smoke forward on a stored
 * window (the last one scored, else the all-zero window, the card's mean) whose results are all finite.
 */
public final class ModelValidator {

    private final int windowLength;
    private final Precision precision;

    /** A validator for a pipeline cutting windows of {@code windowLength} points, scoring in {@code precision}. */
    public ModelValidator(int windowLength, Precision precision) {
        this.windowLength = windowLength;
        this.precision = precision;
    }

    /** Why {@code candidate} cannot replace {@code serving}, or empty when it can. */
    public Optional<String> refusal(LoadedModel serving, LoadedModel candidate, Optional<WindowBatch> stored) {
        int d = serving.classifier().inputSize();
        if (candidate.classifier().inputSize() != d) {
            return Optional.of("it takes " + candidate.classifier().inputSize() + " features per step; the serving version takes " + d);
        }
        int classes = serving.classifier().numClasses();
        if (candidate.classifier().numClasses() != classes) {
            return Optional.of("it has " + candidate.classifier().numClasses() + " classes; the serving version has " + classes);
        }
        ModelCard now = serving.card(), next = candidate.card();
        if (next.windowLength().isPresent() && next.windowLength().get() != windowLength) {
            return Optional.of("its card says window_length " + next.windowLength().get() + "; the pipeline cuts windows of "
                    + windowLength + " points");
        }
        if (!now.classNames().equals(next.classNames())) {
            return Optional.of("its class names " + next.classNames().map(Object::toString).orElse("(none)")
                    + " differ from the serving version's " + now.classNames().map(Object::toString).orElse("(none)"));
        }
        if (!sameArray(now.mean(), next.mean()) || !sameArray(now.std(), next.std())) {
            return Optional.of("its normalization (mean, std) differs from the serving version's: windows in state were "
                    + "normalized with the old one; restart Brink to change it");
        }
        WindowBatch window = stored.filter(w -> w.features() == d && w.steps() == windowLength)
                .orElseGet(() -> new WindowBatch(new double[windowLength * d], 1, windowLength, d));
        try (RobustnessEngine engine = new RobustnessEngine(candidate, new EngineOptions(precision, 1, 1))) {
            WindowOutcome o = engine.profile(window, ProfileOptions.firstOrder()).outcomes().get(0);
            if (o instanceof WindowOutcome.Unscorable u) {
                return Optional.of("the smoke forward on a stored window failed: " + u.reason());
            }
        } catch (RuntimeException e) {
            return Optional.of("the smoke forward on a stored window failed: " + e);
        }
        return Optional.empty();
    }

    private static boolean sameArray(Optional<double[]> a, Optional<double[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }
}
