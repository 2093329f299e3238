package io.brink.record.section;

import io.brink.engine.algorithm.Curvature;
import io.brink.engine.stage.CurvatureStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecordBuilder;

import java.util.Optional;
import java.util.OptionalInt;

/** {@code curvature}, {@code gradient_along_eigvec}, {@code curvature_converged}, {@code hessian_vector_products}. */
public final class CurvatureSection implements ScoreSection<Curvature> {

    @Override
    public StageKey<?, Curvature> stage() {
        return CurvatureStage.KEY;
    }

    @Override
    public void write(Curvature c, Context context, ScoreRecordBuilder b) {
        b.curvature(ScoreSection.finite(c.eigenvalue())).gradientAlongEigvec(ScoreSection.finite(c.gradientAlongEigenvector()))
                .curvatureConverged(Optional.of(c.converged())).hessianVectorProducts(OptionalInt.of(c.hessianVectorProducts()));
    }
}
