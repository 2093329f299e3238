package io.brink.record.section;

import io.brink.engine.stage.HutchinsonStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecordBuilder;

/** {@code hessian_frobenius}. */
public final class HutchinsonSection implements ScoreSection<Double> {

    @Override
    public StageKey<?, Double> stage() {
        return HutchinsonStage.KEY;
    }

    @Override
    public void write(Double frobenius, Context context, ScoreRecordBuilder b) {
        b.hessianFrobenius(ScoreSection.finite(frobenius));
    }
}
