package io.brink.record.section;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.stage.AttackStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecord;
import io.brink.record.ScoreRecordBuilder;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code attack_distance} (a verified flip's ‖δ‖; JSON null when the attack ran and found none) and, when asked for,
 * {@code attack_perturbation} (δ as [T][d]).
 */
public final class AttackSection implements ScoreSection<AttackOutcome> {

    @Override
    public StageKey<?, AttackOutcome> stage() {
        return AttackStage.KEY;
    }

    @Override
    public void write(AttackOutcome a, Context context, ScoreRecordBuilder b) {
        if (a instanceof AttackOutcome.Flip f) {
            b.attackDistance(Optional.of(new ScoreRecord.AttackDistance(OptionalDouble.of(f.distance()))));
            if (context.withPerturbation()) {
                int features = context.model().classifier().inputSize();
                int steps = f.perturbation().length / features;
                double[][] d = new double[steps][features];
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(f.perturbation(), t * features, d[t], 0, features);
                }
                b.attackPerturbation(Optional.of(d));
            }
        } else if (a instanceof AttackOutcome.NoFlip) {
            b.attackDistance(Optional.of(new ScoreRecord.AttackDistance(OptionalDouble.empty())));
        }
    }
}
