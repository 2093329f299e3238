package io.brink.stream;

import io.brink.engine.WindowOutcome;
import io.brink.model.LoadedModel;

import java.util.List;

/**
 * What a scoring backend made of a batch: one outcome per window, in order, and the model (with its version)
 * that produced them, which may differ from the one serving when the batch was handed in if a new version was
 * swapped in meanwhile.
 */
public record BatchResult(LoadedModel model, List<WindowOutcome> outcomes) {

    public BatchResult {
        outcomes = List.copyOf(outcomes);
    }
}
