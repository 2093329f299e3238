package io.brink.engine.stage;

import io.brink.engine.algorithm.Pgd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** L2 PGD at fixed radii: whether a verified flip lies within each radius (normalized units), and the first flip's δ. */
public final class PgdStage implements ProfileStage<Pgd.Settings, PgdOutcome> {

    public static final StageKey<Pgd.Settings, PgdOutcome> KEY = new StageKey<>("pgd", Pgd.Settings.class, PgdOutcome.class);

    /** The radii; none turns the stage off. */
    public static final StageOption RADII = StageOption.of("pgd.radii", "--pgd-radii", StageOption.Kind.NUMBERS, "none", "none",
            StageOption.Check.POSITIVE, "Radii of L2 PGD (normalized units; the record's pgd field says whether it flipped within each), "
                    + "comma-separated; none skips it.");

    /** Steps per radius. */
    public static final StageOption STEPS = StageOption.of("pgd.steps", "--pgd-steps", StageOption.Kind.INT, "10", "10",
            StageOption.Check.atLeast(1), "Projected gradient steps of L2 PGD per radius.");

    @Override
    public StageKey<Pgd.Settings, PgdOutcome> key() {
        return KEY;
    }

    @Override
    public List<StageOption> options() {
        return List.of(RADII, STEPS);
    }

    @Override
    public Optional<Pgd.Settings> settings(OptionValues values) {
        double[] radii = Arrays.stream(values.numbers(RADII)).sorted().distinct().toArray();
        return radii.length == 0 ? Optional.empty() : Optional.of(new Pgd.Settings(radii, values.integer(STEPS)));
    }

    @Override
    public List<PgdOutcome> run(StageInput in, Pgd.Settings settings) {
        Pgd.Result r = new Pgd(in.device(), in.scratch(), settings).run(in.windows(), in.size(), in.predicted());
        List<PgdOutcome> out = new ArrayList<>(in.size());
        for (int w = 0; w < in.size(); w++) {
            double[] delta = r.perturbations()[w];
            out.add(new PgdOutcome(r.flips().get(w),
                    delta == null ? Optional.empty() : Optional.of(new PgdOutcome.Flip(delta, r.after()[w]))));
        }
        return out;
    }
}
