package io.brink.engine.stage;

import io.brink.engine.algorithm.Attack;
import io.brink.engine.algorithm.AttackOutcome;

import java.util.List;
import java.util.Optional;

/**
 * The verified minimum-norm attack (a true upper bound of the distance to the boundary, normalized L2 units); when
 * PGD ran, its verified flips refine the attack's, so that the attack distance is never above a radius PGD flips at.
 */
public final class AttackStage implements ProfileStage<Attack.Settings, AttackOutcome> {

    public static final StageKey<Attack.Settings, AttackOutcome> KEY = new StageKey<>("attack", Attack.Settings.class, AttackOutcome.class);

    /** Whether the attack runs. */
    public static final StageOption ON = StageOption.of("attack", "--attack", StageOption.Kind.BOOLEAN, "true", "true",
            StageOption.Check.ANY, "Run the verified attack (attack_distance, a true upper bound on the distance).");

    /** Linearization steps at most. */
    public static final StageOption STEPS = StageOption.of("attack.steps", "--attack-steps", StageOption.Kind.INT, "50", "30",
            StageOption.Check.atLeast(1), "Linearization steps of the attack at most.");

    @Override
    public StageKey<Attack.Settings, AttackOutcome> key() {
        return KEY;
    }

    @Override
    public List<StageOption> options() {
        return List.of(ON, STEPS);
    }

    @Override
    public Optional<Attack.Settings> settings(OptionValues values) {
        return values.flag(ON) ? Optional.of(new Attack.Settings(values.integer(STEPS))) : Optional.empty();
    }

    @Override
    public List<StageKey<?, ?>> inputs() {
        return List.of(PgdStage.KEY);
    }

    @Override
    public List<AttackOutcome> run(StageInput in, Attack.Settings settings) {
        Attack attack = new Attack(in.device(), in.scratch(), settings);
        int n = in.size();
        int[] predicted = in.predicted();
        AttackOutcome[] outcomes = attack.run(in.windows(), n, predicted);
        Optional<List<PgdOutcome>> pgd = in.result(PgdStage.KEY);
        if (pgd.isPresent()) {
            double[][] candidates = new double[n][];
            int[] shown = new int[n];
            for (int r = 0; r < n; r++) {
                Optional<PgdOutcome.Flip> f = pgd.get().get(r).flip();
                candidates[r] = f.map(PgdOutcome.Flip::perturbation).orElse(null);
                shown[r] = f.map(PgdOutcome.Flip::shownClass).orElse(-1);
            }
            outcomes = attack.refine(in.windows(), n, predicted, outcomes, candidates, shown);
        }
        return List.of(outcomes);
    }

    @Override
    public Optional<String> nonFinite(AttackOutcome a) {
        return a instanceof AttackOutcome.Flip f && !Double.isFinite(f.distance())
                ? Optional.of("the attack's distance is not finite (" + f.distance() + ")") : Optional.empty();
    }
}
