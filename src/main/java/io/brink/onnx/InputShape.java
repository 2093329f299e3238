package io.brink.onnx;

import java.util.Optional;

/**
 * The graph input's declared shape [N, T, d] as far as the export fixed it: the static time dimension and the static
 * feature dimension, each absent when dynamic (a named or unset dimension).
 *
 * @param name the input's name in the graph
 */
public record InputShape(String name, Optional<Integer> steps, Optional<Integer> features) {

    /** "input 'x' [N, 32, 2]" with '?' for dynamic dimensions. */
    public String describe() {
        return "ONNX input '" + name + "' [N, " + steps.map(String::valueOf).orElse("?") + ", " + features.map(String::valueOf).orElse("?")
                + "]";
    }

    /**
     * {@code steps} checked against the static time dimension: the same number, or a refusal naming both sides
     * ({@code side} says where {@code steps} came from, e.g. "the card's window_length (sidecar a.card.json)").
     */
    public int checkSteps(int steps, String side) {
        if (steps < 1) {
            throw new UnsupportedModelException(side + " is " + steps + "; a window has at least 1 step");
        }
        if (this.steps.isPresent() && this.steps.get() != steps) {
            throw new UnsupportedModelException(side + " is " + steps + " but the " + describe() + " has a static time dimension of "
                    + this.steps.get() + ": the model computes on windows of " + this.steps.get() + " steps; fix the one that is wrong, "
                    + "or export with a dynamic time axis (dynamic_axes={'x': {0: 'batch', 1: 'time'}})");
        }
        return steps;
    }
}
