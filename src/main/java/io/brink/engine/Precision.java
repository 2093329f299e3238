package io.brink.engine;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Floating-point precision of the engine's matrix products and stored activations. FLOAT32 is the
 * default for speed; FLOAT64 is for verification (the tests use it).
 */
public enum Precision {
    FLOAT32(DataType.FLOAT, 0x1p-23),
    FLOAT64(DataType.DOUBLE, 0x1p-52);

    private final DataType dataType;
    private final double epsilon;

    Precision(DataType dataType, double epsilon) {
        this.dataType = dataType;
        this.epsilon = epsilon;
    }

    DataType dataType() {
        return dataType;
    }

    /** Machine epsilon of this precision. */
    public double epsilon() {
        return epsilon;
    }
}
