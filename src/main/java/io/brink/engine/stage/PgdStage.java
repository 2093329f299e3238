package io.brink.engine.stage;

import io.brink.engine.algorithm.Pgd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** L2 PGD at fixed radii: whether a verified flip lies within each radius (normalized units), and the first flip's δ. */
public final class PgdStage implements ProfileStage<Pgd.Settings, PgdOutcome> {

    public static final StageKey<Pgd.Settings, PgdOutcome> KEY = new StageKey<>("pgd", Pgd.Settings.class, PgdOutcome.class);

    @Override
    public StageKey<Pgd.Settings, PgdOutcome> key() {
        return KEY;
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
