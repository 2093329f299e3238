package io.brink.record.section;

import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.engine.stage.RandomDirectionsStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecord;
import io.brink.record.ScoreRecordBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code misclassification_probability} (per radius, with its Wilson interval) and {@code safe_radius}. */
public final class RandomDirectionsSection implements ScoreSection<FlipProbabilities> {

    @Override
    public StageKey<?, FlipProbabilities> stage() {
        return RandomDirectionsStage.KEY;
    }

    @Override
    public void write(FlipProbabilities r, Context context, ScoreRecordBuilder b) {
        List<ScoreRecord.RadiusProbability> radii = new ArrayList<>();
        for (FlipProbabilities.Rate rate : r.rates()) {
            radii.add(new ScoreRecord.RadiusProbability(rate.radius(), rate.rate(), rate.lower(), rate.upper(), r.directions()));
        }
        FlipProbabilities.SafeRadius s = r.safeRadius();
        b.misclassificationProbability(Optional.of(radii))
                .safeRadius(Optional.of(new ScoreRecord.SafeRadius(s.epsilon(), s.radius(), s.capped())));
    }
}
