package io.brink.engine.stage;

import io.brink.engine.algorithm.Hutchinson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Hutchinson's estimate of ‖∇²ₓ(z_k̂ − z_j)‖_F (logits per normalized unit²) from Rademacher probes. */
public final class HutchinsonStage implements ProfileStage<Hutchinson.Settings, Double> {

    public static final StageKey<Hutchinson.Settings, Double> KEY = new StageKey<>("hutchinson", Hutchinson.Settings.class, Double.class);

    /** Probes of the estimate; 0 turns the stage off. */
    public static final StageOption PROBES = StageOption.of("hutchinson.probes", "--hutchinson-probes", StageOption.Kind.INT, "8", "0",
            StageOption.Check.atLeast(0), "Probes of the Hutchinson estimate of the Hessian's Frobenius norm; 0 skips it.");

    @Override
    public StageKey<Hutchinson.Settings, Double> key() {
        return KEY;
    }

    @Override
    public List<StageOption> options() {
        return List.of(PROBES);
    }

    @Override
    public Optional<Hutchinson.Settings> settings(OptionValues values) {
        int probes = values.integer(PROBES);
        return probes == 0 ? Optional.empty() : Optional.of(new Hutchinson.Settings(probes));
    }

    @Override
    public List<Double> run(StageInput in, Hutchinson.Settings settings) {
        double[] f = new Hutchinson(in.device(), in.hessian(), settings).run(in.size(), in.width(), in.seed(), in.from());
        List<Double> out = new ArrayList<>(f.length);
        for (double v : f) {
            out.add(v);
        }
        return out;
    }

    @Override
    public Optional<String> nonFinite(Double f) {
        return Double.isFinite(f) ? Optional.empty() : Optional.of("the Hessian's Frobenius norm is not finite (" + f + ")");
    }
}
