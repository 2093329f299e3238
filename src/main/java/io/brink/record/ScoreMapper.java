package io.brink.record;

import io.brink.engine.WindowProfile;
import io.brink.engine.stage.StageKey;
import io.brink.model.LoadedModel;
import io.brink.record.section.ScoreSection;
import io.brink.record.section.ScoreSections;

import java.util.Optional;

/**
 * Maps an engine result for one window to its score record; the caller says which tier it is. The core fields
 * (identity, prediction, margin, gradient norm, distance estimates, window norm) are written here; each stage that
 * ran writes its own section ({@link ScoreSections}).
 */
public final class ScoreMapper {

    private ScoreMapper() {
    }

    /**
     * The record of window {@code windowSeq} of {@code series} ending at {@code ts}, scored by {@code model};
     * {@code withPerturbation} adds the attack's δ ([T][d]) when it found one.
     */
    public static ScoreRecord map(String series, long ts, long windowSeq, LoadedModel model, Tier tier, WindowProfile p,
                                  boolean withPerturbation) {
        ScoreRecordBuilder b = new ScoreRecordBuilder().series(series).ts(ts).windowSeq(windowSeq).model(model.name())
                .modelVersion(model.version()).tier(tier).predicted(model.card().className(p.predicted())).predictedIndex(p.predicted())
                .runnerUp(model.card().className(p.decision().runnerUp())).margin(ScoreSection.finite(p.margin()))
                .gradientNorm(ScoreSection.finite(p.gradientNorm())).distanceLinear(ScoreSection.finite(p.distances().linear()))
                .distanceLower(ScoreSection.finite(p.distances().lower())).distanceUpper(ScoreSection.finite(p.distances().upper()))
                .windowNorm(ScoreSection.finite(p.windowNorm()));
        ScoreSection.Context context = new ScoreSection.Context(model, withPerturbation);
        for (StageKey<?, ?> stage : p.stages().keys()) {
            Optional<ScoreSection<?>> section = ScoreSections.of(stage);
            section.ifPresent(s -> write(s, p, context, b));
        }
        return b.build();
    }

    private static <R> void write(ScoreSection<R> section, WindowProfile p, ScoreSection.Context context, ScoreRecordBuilder b) {
        p.result(section.stage()).ifPresent(r -> section.write(r, context, b));
    }
}
