package io.brink.onnx;

import io.brink.model.CardOrigin;
import io.brink.model.LoadedModel;

import java.util.Optional;

/**
 * A model as read from its files, before the command line and configuration had their say: the model (its card's window
 * length filled from the ONNX input's static time dimension when the card has none), where its card came from, and the
 * input shape the export declared. {@link #steps} is the one place the window length is decided.
 *
 * @param windowFromInput true when the card's window length was filled from the input's static time dimension
 */
public record ModelSource(LoadedModel model, CardOrigin card, InputShape input, boolean windowFromInput) {

    /** The window length and where it came from (for the start line). */
    public record Steps(int value, String from) {
    }

    /**
     * The window length: {@code override} (named by {@code overrideName}, e.g. "--window" or "window.length") when given,
     * else the card's, else the ONNX input's static time dimension, each checked against that dimension; a refusal
     * naming both sides when they disagree, or saying how to give one when none is known.
     */
    public Steps steps(Optional<Integer> override, String overrideName) {
        String agrees = input.steps().isPresent() ? ", agrees with the ONNX input" : "";
        if (override.isPresent()) {
            return new Steps(input.checkSteps(override.get(), overrideName), overrideName + agrees);
        }
        Optional<Integer> card = model.card().windowLength();
        if (card.isPresent() && windowFromInput) {
            return new Steps(card.get(), "the ONNX input's static time dimension");
        }
        if (card.isPresent()) {
            return new Steps(input.checkSteps(card.get(), "the card's window_length"), "card" + agrees);
        }
        throw new UnsupportedModelException("the window length of " + model.name() + " is unknown: the " + input.describe()
                + " has a dynamic time axis and " + (card().present() ? "its card (" + String.join(" + ", card().sources()) + ") has no "
                + "window_length" : "it has no card") + "; set window_length in the card or pass " + overrideName + " T");
    }
}
