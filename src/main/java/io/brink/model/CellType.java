package io.brink.model;

/**
 * Kind of recurrent cell, with PyTorch's gate layout: LSTM gates (i, f, g, o), GRU gates (r, z, n),
 * Elman RNN with tanh.
 */
public enum CellType {
    LSTM(4),
    GRU(3),
    RNN_TANH(1);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks stacked in the weight matrices (4 for LSTM, 3 for GRU, 1 for RNN). */
    public int gates() {
        return gates;
    }

    /** The ONNX op of this cell: LSTM, GRU or RNN. */
    public String onnxOp() {
        return this == RNN_TANH ? "RNN" : name();
    }
}
