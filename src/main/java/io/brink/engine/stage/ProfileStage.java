package io.brink.engine.stage;

import java.util.List;
import java.util.Optional;

/**
 * One stage of a robustness profile. A stage runs over a slice of a batch when the options hold settings for its
 * {@link #key()}, after the stages named in {@link #inputs()} (whose results it may read from the input, when they
 * ran), and returns one result per window of the slice, in order. An instance lives as long as its engine, on one
 * device, and is not shared between threads.
 *
 * <p>A stage declares its settings ({@link #options()}): the command-line options of {@code analyze} and {@code report}
 * and the stream's {@code tier1.*} configuration keys are generated from them, and {@link #settings(OptionValues)} makes
 * the stage's settings from their values.
 *
 * <p>To add a stage: implement this interface in one class of this package, register it in {@link Stages}, and
 * (if it writes fields) give it a section writer in the record package; see docs/architecture.md.
 */
public interface ProfileStage<S, R> {

    /** The stage's name and types. */
    StageKey<S, R> key();

    /** The stages this one reads when they ran (it then runs after them); none by default. */
    default List<StageKey<?, ?>> inputs() {
        return List.of();
    }

    /**
     * The settings this stage declares; none by default (such a stage is turned on by the engine itself, as the
     * uncertainty stage is by the model card).
     */
    default List<StageOption> options() {
        return List.of();
    }

    /** This stage's settings from its options' values, or empty where they turn it off (as they do by default). */
    default Optional<S> settings(OptionValues values) {
        return Optional.empty();
    }

    /** One result per window of {@code in}'s slice, in order. */
    List<R> run(StageInput in, S settings);

    /** Why a window's result cannot be scored (a NaN or an infinity where a finite number is due); empty when sound. */
    default Optional<String> nonFinite(R result) {
        return Optional.empty();
    }
}
