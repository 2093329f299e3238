package io.brink.model;

import java.util.Objects;

/**
 * One unidirectional recurrent layer with PyTorch's parameterization: {@code weightIh} is
 * [gates*hidden][input] row-major, {@code weightHh} is [gates*hidden][hidden], and both bias vectors
 * have gates*hidden entries. Gate order is PyTorch's (LSTM i,f,g,o; GRU r,z,n).
 */
public record RecurrentLayer(CellType cell, int inputSize, int hiddenSize,
                             double[] weightIh, double[] weightHh, double[] biasIh, double[] biasHh) {

    public RecurrentLayer {
        Objects.requireNonNull(cell, "cell");
        int rows = cell.gates() * hiddenSize;
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("layer sizes must be positive, got input " + inputSize + ", hidden " + hiddenSize);
        }
        check("weight_ih", weightIh, rows * inputSize);
        check("weight_hh", weightHh, rows * hiddenSize);
        check("bias_ih", biasIh, rows);
        check("bias_hh", biasHh, rows);
    }

    private static void check(String name, double[] values, int expected) {
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException(name + " must have " + expected + " values, got "
                    + (values == null ? "none" : values.length));
        }
    }
}
