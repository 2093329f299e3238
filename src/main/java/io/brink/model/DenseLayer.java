package io.brink.model;

import java.util.Objects;

/**
 * A fully connected layer of the classifier head: {@code a = activation(W h + b)} with W stored
 * [outputSize][inputSize] row-major, as in PyTorch's {@code nn.Linear}.
 */
public record DenseLayer(int inputSize, int outputSize, double[] weight, double[] bias, Activation activation) {

    public DenseLayer {
        Objects.requireNonNull(activation, "activation");
        if (weight == null || weight.length != inputSize * outputSize) {
            throw new IllegalArgumentException("dense weight must have " + inputSize * outputSize + " values");
        }
        if (bias == null || bias.length != outputSize) {
            throw new IllegalArgumentException("dense bias must have " + outputSize + " values");
        }
    }
}
