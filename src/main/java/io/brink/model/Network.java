package io.brink.model;

/**
 * A classifier Brink can serve: a {@link SequenceClassifier} (the fused recurrent stack with a dense head, run by the
 * engine's dedicated kernels on CPU and GPU) or a {@link io.brink.model.graph.Graph} of differentiable ops (any
 * supported ONNX graph; CPU). Both take windows of d features per step and give logits over the classes.
 */
public interface Network {

    /** Features per step d. */
    int inputSize();

    /** Classes (logits per window). */
    int numClasses();

    /** Recurrent layers: the positions MC dropout may drop (0-based, in order). */
    int recurrentLayers();

    /** One line: the architecture. */
    String describe();
}
