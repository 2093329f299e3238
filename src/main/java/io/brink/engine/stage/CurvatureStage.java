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

    @Override
    public StageKey<Lanczos.Settings, Curvature> key() {
        return KEY;
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
