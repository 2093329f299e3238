package io.brink.model.bounds;

/**
 * The margins' linear lower bounds from one backward pass at radius {@code radius}: for class j ≠ k,
 * z_k − z_j ≥ c_j − r·a_j − ε_j(r) for every ‖δ‖ ≤ r ≤ radius, with a_j = ‖A_j‖_* (the dual norm of the bound's
 * coefficients on δ) and ε_j(r) = f·(m_j + |c_j| + r·a_j) the rounding allowance. The relaxations were fixed on the
 * intermediate bounds at {@code radius}, which contain those at any smaller r, so the bound holds for every r up to
 * {@code radius}: one pass answers the whole interval.
 */
public record Margins(double radius, int predicted, double[] constant, double[] dual, double[] magnitude, double roundFactor)
        implements MarginBounds {

    /** The lower bound of z_k − z_j over the ball of radius r ≤ {@link #radius} (+∞ at j = k). */
    public double lower(int j, double r) {
        if (j == predicted) {
            return Double.POSITIVE_INFINITY;
        }
        if (r > radius) {
            throw new IllegalArgumentException("these bounds hold up to radius " + radius + ", not " + r);
        }
        return constant[j] - r * dual[j] - roundFactor * (magnitude[j] + Math.abs(constant[j]) + r * dual[j]) - Double.MIN_NORMAL;
    }

    /** min over j ≠ k of {@link #lower}. */
    @Override
    public double minLower(double r) {
        double m = Double.POSITIVE_INFINITY;
        for (int j = 0; j < constant.length; j++) {
            m = Math.min(m, lower(j, r));
        }
        return m;
    }

    /**
     * The largest r ≤ {@link #radius} at which every margin's lower bound is still positive, shrunk by one part in 10⁹
     * (so that the bound at the returned radius is positive in float64 too); 0 when none is.
     */
    @Override
    public double certifiedWithin() {
        double best = radius;
        for (int j = 0; j < constant.length; j++) {
            if (j == predicted) {
                continue;
            }
            double c = constant[j] - roundFactor * (magnitude[j] + Math.abs(constant[j])) - Double.MIN_NORMAL;
            if (!(c > 0)) {
                return 0;
            }
            double slope = dual[j] * (1 + roundFactor);
            if (slope > 0) {
                best = Math.min(best, c / slope);
            }
        }
        best *= 1 - 1e-9;
        return best > 0 && minLower(best) > 0 ? best : 0;
    }
}
