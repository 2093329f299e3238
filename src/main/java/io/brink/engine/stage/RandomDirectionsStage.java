package io.brink.engine.stage;

import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.engine.algorithm.RandomDirections;

import java.util.List;
import java.util.Optional;

/** Flip probabilities of random perturbations at fixed radii (normalized units), with Wilson intervals, and the safe radius. */
public final class RandomDirectionsStage implements ProfileStage<RandomDirections.Settings, FlipProbabilities> {

    public static final StageKey<RandomDirections.Settings, FlipProbabilities> KEY =
            new StageKey<>("random_directions", RandomDirections.Settings.class, FlipProbabilities.class);

    /** The radii; none turns the stage off. */
    public static final StageOption RADII = StageOption.of("directions.radii", "--radii", StageOption.Kind.NUMBERS, "0.1,0.3,1.0",
            "none", StageOption.Check.POSITIVE,
            "Radii (normalized units) of the random-direction flip probabilities, comma-separated; none skips them.");

    /** Directions per radius. */
    public static final StageOption COUNT = StageOption.of("directions.count", "--directions", StageOption.Kind.INT, "32", "32",
            StageOption.Check.atLeast(1), "Random directions per radius.");

    /** The flip fraction of the safe radius. */
    public static final StageOption EPSILON = StageOption.of("directions.epsilon", "--epsilon", StageOption.Kind.DOUBLE, "0.05", "0.05",
            StageOption.Check.between(0, 1), "Flip fraction of random directions that defines the safe radius.");

    @Override
    public StageKey<RandomDirections.Settings, FlipProbabilities> key() {
        return KEY;
    }

    @Override
    public List<StageOption> options() {
        return List.of(RADII, COUNT, EPSILON);
    }

    @Override
    public Optional<RandomDirections.Settings> settings(OptionValues values) {
        double[] radii = values.numbers(RADII);
        return radii.length == 0 ? Optional.empty()
                : Optional.of(new RandomDirections.Settings(radii, values.integer(COUNT), values.number(EPSILON)));
    }

    @Override
    public List<FlipProbabilities> run(StageInput in, RandomDirections.Settings settings) {
        return List.of(new RandomDirections(in.device(), in.scratch(), settings)
                .run(in.windows(), in.size(), in.predicted(), in.seed(), in.from()));
    }
}
