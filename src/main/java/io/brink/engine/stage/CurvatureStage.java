package io.brink.engine.stage;

import io.brink.engine.algorithm.Curvature;
import io.brink.engine.algorithm.Lanczos;

import java.util.List;
import java.util.Optional;

/**
 * The top eigenpair of the margin's input Hessian ∇²ₓ(z_k̂ − z_j) by Lanczos (eigenvalue in logits per normalized
 * unit², with Jᵀu and the number of Hessian-vector products); with it the profile's second-order distance estimates.
 */
public final class CurvatureStage implements ProfileStage<Lanczos.Settings, Curvature> {

    public static final StageKey<Lanczos.Settings, Curvature> KEY = new StageKey<>("curvature", Lanczos.Settings.class, Curvature.class);

    /** Lanczos' stopping tolerance, relative to the largest |Ritz value|. */
    public static final StageOption TOLERANCE = StageOption.of("tolerance", "--curvature-tolerance", StageOption.Kind.DOUBLE,
            "1e-3", "1e-3", StageOption.Check.POSITIVE,
            "Lanczos stops when the Ritz residual is at most this times the largest |Ritz value|.");

    /** Hessian-vector products per window at most. */
    public static final StageOption MAX_HVP = StageOption.of("max.hvp", "--max-hvp", StageOption.Kind.INT, "50", "30",
            StageOption.Check.atLeast(1), "Hessian-vector products per window at most.");

    @Override
    public StageKey<Lanczos.Settings, Curvature> key() {
        return KEY;
    }

    @Override
    public List<StageOption> options() {
        return List.of(TOLERANCE, MAX_HVP);
    }

    /** Always on: the eigenpair is what the second-order estimates are made of. */
    @Override
    public Optional<Lanczos.Settings> settings(OptionValues values) {
        return Optional.of(new Lanczos.Settings(values.number(TOLERANCE), values.integer(MAX_HVP), false));
    }

    @Override
    public List<Curvature> run(StageInput in, Lanczos.Settings settings) {
        return List.of(new Lanczos(in.device(), in.hessian(), settings)
                .run(in.gradient(), in.size(), in.startVectors(), in.seed(), in.from()));
    }

    @Override
    public Optional<String> nonFinite(Curvature c) {
        return Double.isFinite(c.eigenvalue()) && Double.isFinite(c.gradientAlongEigenvector()) ? Optional.empty()
                : Optional.of("the curvature is not finite (eigenvalue " + c.eigenvalue() + ")");
    }
}
