package io.brink.engine.stage;

import io.brink.engine.algorithm.PredictiveSpread;
import io.brink.engine.algorithm.StochasticPasses;
import io.brink.model.UncertaintyMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each window's predictive distribution p̄ and its split (entropy, expected entropy, mutual information in nats):
 * from an ensemble's members at the forward, from S noisy or MC-dropout passes on the scratch tape, or, for one
 * deterministic model, its own softmax. Its settings are the model's uncertainty method; the engine always runs it.
 */
public final class UncertaintyStage implements ProfileStage<UncertaintyMethod, PredictiveSpread> {

    public static final StageKey<UncertaintyMethod, PredictiveSpread> KEY =
            new StageKey<>("uncertainty", UncertaintyMethod.class, PredictiveSpread.class);

    @Override
    public StageKey<UncertaintyMethod, PredictiveSpread> key() {
        return KEY;
    }

    @Override
    public List<PredictiveSpread> run(StageInput in, UncertaintyMethod method) {
        final int n = in.size(), L = in.device().outputs();
        double[] passes = null;
        int m = method.members();
        if (method instanceof UncertaintyMethod.Ensemble) {
            passes = in.memberProbabilities().orElseThrow(() -> new IllegalStateException("an ensemble's member probabilities are missing"));
        } else if (method instanceof UncertaintyMethod.InputNoise noise) {
            passes = new StochasticPasses(in.device(), in.scratch()).noise(in.windows(), n, noise.passes(), noise.sigma(), in.seed(), in.from());
        } else if (method instanceof UncertaintyMethod.McDropout d) {
            passes = new StochasticPasses(in.device(), in.scratch()).dropout(in.windows(), n, d.passes(), d.rate(),
                    d.layers().stream().mapToInt(Integer::intValue).toArray(), in.seed(), in.from());
        }
        List<PredictiveSpread> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(passes == null ? PredictiveSpread.single(method.name(), in.decision(r).probabilities())
                    : PredictiveSpread.of(method.name(), passes, r * m * L, m, L));
        }
        return out;
    }

    @Override
    public Optional<String> nonFinite(PredictiveSpread spread) {
        for (double v : spread.probabilities()) {
            if (!Double.isFinite(v)) {
                return Optional.of("the predictive probabilities are not finite (" + v + ")");
            }
        }
        return Optional.empty();
    }
}
