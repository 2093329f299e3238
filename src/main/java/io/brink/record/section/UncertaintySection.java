package io.brink.record.section;

import io.brink.engine.algorithm.PredictiveSpread;
import io.brink.engine.stage.StageKey;
import io.brink.engine.stage.UncertaintyStage;
import io.brink.record.ScoreRecordBuilder;

/**
 * {@code probabilities} (p̄), {@code entropy}, {@code expected_entropy}, {@code mutual_information} (nats),
 * {@code probability_std}, {@code disagreement}, {@code uncertainty_method}, {@code members}.
 */
public final class UncertaintySection implements ScoreSection<PredictiveSpread> {

    @Override
    public StageKey<?, PredictiveSpread> stage() {
        return UncertaintyStage.KEY;
    }

    @Override
    public void write(PredictiveSpread s, Context context, ScoreRecordBuilder b) {
        b.probabilities(s.probabilities()).entropy(ScoreSection.finite(s.entropy())).expectedEntropy(ScoreSection.finite(s.expectedEntropy()))
                .mutualInformation(ScoreSection.finite(s.mutualInformation())).probabilityStd(s.probabilityStd())
                .disagreement(ScoreSection.finite(s.disagreement())).uncertaintyMethod(s.method()).members(s.members());
    }
}
