package io.brink.model;

import java.util.List;

/**
 * A recurrent sequence classifier: stacked recurrent layers over a batch-first input [N, T, d], the
 * hidden state at the last time step, then dense layers giving logits [N, L].
 */
public record SequenceClassifier(List<RecurrentLayer> recurrent, List<DenseLayer> head) implements Network {

    public static final int MAX_RECURRENT_LAYERS = 3;

    public SequenceClassifier {
        recurrent = List.copyOf(recurrent);
        head = List.copyOf(head);
        if (recurrent.isEmpty() || recurrent.size() > MAX_RECURRENT_LAYERS) {
            throw new IllegalArgumentException("a classifier has 1 to " + MAX_RECURRENT_LAYERS
                    + " recurrent layers, got " + recurrent.size());
        }
        if (head.isEmpty()) {
            throw new IllegalArgumentException("a classifier needs at least one dense layer");
        }
        for (int l = 1; l < recurrent.size(); l++) {
            if (recurrent.get(l).inputSize() != recurrent.get(l - 1).hiddenSize()) {
                throw new IllegalArgumentException("recurrent layer " + l + " takes " + recurrent.get(l).inputSize()
                        + " inputs but layer " + (l - 1) + " gives " + recurrent.get(l - 1).hiddenSize());
            }
        }
        int width = recurrent.get(recurrent.size() - 1).hiddenSize();
        for (int l = 0; l < head.size(); l++) {
            if (head.get(l).inputSize() != width) {
                throw new IllegalArgumentException("dense layer " + l + " takes " + head.get(l).inputSize()
                        + " inputs but receives " + width);
            }
            width = head.get(l).outputSize();
        }
        if (width < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + width);
        }
    }

    @Override
    public int recurrentLayers() {
        return recurrent.size();
    }

    /** Number of input features d per time step. */
    @Override
    public int inputSize() {
        return recurrent.get(0).inputSize();
    }

    /** Number of classes L. */
    @Override
    public int numClasses() {
        return head.get(head.size() - 1).outputSize();
    }

    /** Short human-readable architecture, e.g. "LSTM(4→64)×2 → Dense(64→3)". */
    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (RecurrentLayer r : recurrent) {
            sb.append(r.cell()).append('(').append(r.inputSize()).append("→").append(r.hiddenSize()).append(") ");
        }
        for (DenseLayer d : head) {
            sb.append("Dense(").append(d.inputSize()).append("→").append(d.outputSize()).append(')');
            if (d.activation() != Activation.IDENTITY) {
                sb.append('+').append(d.activation());
            }
            sb.append(' ');
        }
        return sb.toString().trim();
    }
}
