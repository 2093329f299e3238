package io.brink.model.bounds;

/**
 * The norm of the perturbation ball ‖δ‖ ≤ r. The worst case of an affine function a·δ + c over the ball is
 * c ± r·‖a‖_*, with ‖·‖_* the dual norm: L2's is L2, L∞'s is L1.
 */
public enum Norm {
    /** ‖δ‖₂ over all T·d values of the window (normalized units). */
    L2,
    /** max |δᵢ| over all T·d values of the window (normalized units). */
    LINF;

    /** ‖a[off .. off+width-1]‖_*, the dual norm of one coefficient row (entries past width are zero). */
    public double dual(double[] a, int off, int width) {
        double s = 0;
        if (this == L2) {
            for (int k = 0; k < width; k++) {
                double v = a[off + k];
                s += v * v;
            }
            return Math.sqrt(s);
        }
        for (int k = 0; k < width; k++) {
            s += Math.abs(a[off + k]);
        }
        return s;
    }
}
