package io.brink.engine.stage;

import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.engine.algorithm.RandomDirections;

import java.util.List;

/** Flip probabilities of random perturbations at fixed radii (normalized units), with Wilson intervals, and the safe radius. */
public final class RandomDirectionsStage implements ProfileStage<RandomDirections.Settings, FlipProbabilities> {

    public static final StageKey<RandomDirections.Settings, FlipProbabilities> KEY =
            new StageKey<>("random_directions", RandomDirections.Settings.class, FlipProbabilities.class);

    @Override
    public StageKey<RandomDirections.Settings, FlipProbabilities> key() {
        return KEY;
    }

    @Override
    public List<FlipProbabilities> run(StageInput in, RandomDirections.Settings settings) {
        return List.of(new RandomDirections(in.device(), in.scratch(), settings)
                .run(in.windows(), in.size(), in.predicted(), in.seed(), in.from()));
    }
}
