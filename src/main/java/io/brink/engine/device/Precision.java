package io.brink.engine.device;

/**
 * Floating-point precision of a device's matrix products and stored activations. FLOAT32 is the default
 * for speed; FLOAT64 is for verification (the tests use it). Vectors handed to and returned by a device
 * are always doubles; the precision says how the device computes with them.
 */
public enum Precision {
    FLOAT32(0x1p-23),
    FLOAT64(0x1p-52);

    private final double epsilon;

    Precision(double epsilon) {
        this.epsilon = epsilon;
    }

    /** Machine epsilon of this precision (dimensionless). */
    public double epsilon() {
        return epsilon;
    }
}
