package io.brink.model.bounds;

import io.brink.model.SequenceClassifier;

import java.util.OptionalDouble;

/**
 * Searches, per window, the largest radius r at which {@link ModelBounds} (one network, or an ensemble) proves that no perturbation of norm ≤ r
 * changes the predicted class. Each pass bounds the margins linearly in r over one ball ({@link Margins}), which also
 * proves the largest radius below it at which those bounds stay positive (on recurrent models a pass at a radius too
 * large usually proves nothing: past some radius the intermediate bounds blow up over the steps, a cliff rather than a
 * slope). The search starts at a seed below the verified attack's distance (the true distance lies below that
 * distance, so no certificate can reach past it), moves by factors of up to 4 until one pass proves its whole radius and
 * a larger one does not, then bisects geometrically until the two are within the tolerance or the passes are spent. The
 * radius returned is the largest proven: a lower bound of the true distance to the decision boundary, never an
 * estimate.
 */
public final class Certifier {

    /** The method's name on the wire. */
    public static final String METHOD = "linear-bounds-backward";

    /**
     * @param passes    bound propagations per window and norm, at most (≥ 1)
     * @param tolerance relative gap between the largest radius proven and the smallest not proven at which the search
     *                  stops (&gt; 0)
     * @param every     certify one window in {@code every} (1: all), chosen by a hash of the window's values so that the
     *                  choice does not depend on batching; the others are left without a certificate
     */
    public record Settings(int passes, double tolerance, int every) {
        public Settings {
            if (passes < 1 || !(tolerance > 0) || every < 1) {
                throw new IllegalArgumentException("certification needs ≥ 1 pass, a positive tolerance and a sampling step ≥ 1, got "
                        + passes + ", " + tolerance + " and " + every);
            }
        }

        /** The search's stopping gap by default: 5%. */
        public static final double DEFAULT_TOLERANCE = 0.05;

        /** 8 passes, {@link #DEFAULT_TOLERANCE}, every window. */
        public static Settings defaults() {
            return new Settings(8, DEFAULT_TOLERANCE, 1);
        }
    }

    private final ModelBounds bounds;
    private final Settings settings;

    public Certifier(SequenceClassifier model, Settings settings) {
        this(new ClassifierBounds(model), settings);
    }

    /** A certifier over bounds already made (which keep their unrolled networks across windows). */
    public Certifier(ModelBounds bounds, Settings settings) {
        this.bounds = bounds;
        this.settings = settings;
    }

    /**
     * The certificate of window x[offset ..] (T = {@code steps}, batch-first) for class {@code predicted} in {@code norm},
     * with a seed known only within a factor of 4.
     *
     * @param seed   the first radius tried (&gt; 0; e.g. a third of the attack's distance)
     * @param above  a radius known not to be certifiable (the distance of a verified flip), if any
     * @param proven a radius already proven (0 if none), with its margin lower bound {@code provenMargin}
     */
    public Certificate certify(double[] x, int offset, int steps, int predicted, Norm norm, double seed, OptionalDouble above,
                               double proven, double provenMargin) {
        return certify(x, offset, steps, predicted, norm, seed, 4, above, proven, provenMargin);
    }

    /**
     * The same search from a seed believed within a factor {@code spread} (&gt; 1) of the answer: the first move from the
     * seed is by that factor and each further move squares it, up to a factor of 4 (exponential search), until one
     * radius is proven and a larger one is not; then geometric bisection. A good seed (a small spread) saves passes; a
     * bad one costs a few more than the default; the certificate is sound either way.
     */
    public Certificate certify(double[] x, int offset, int steps, int predicted, Norm norm, double seed, double spread,
                               OptionalDouble above, double proven, double provenMargin) {
        if (!(seed > 0) || Double.isInfinite(seed)) {
            throw new IllegalArgumentException("the search's first radius is positive and finite, got " + seed);
        }
        if (!(spread > 1) || Double.isInfinite(spread)) {
            throw new IllegalArgumentException("the seed's spread is a factor above 1, got " + spread);
        }
        long work = bounds.multiplyAdds();
        double lo = proven, hi = above.orElse(Double.POSITIVE_INFINITY);
        double loMargin = provenMargin;
        int passes = 0;
        double factor = spread;
        double r = Math.min(Math.max(seed, lo * factor), 0.5 * hi);
        if (!(r > lo)) {
            r = Math.sqrt(Math.max(lo, Double.MIN_NORMAL) * hi);
        }
        while (passes < settings.passes()) {
            MarginBounds m = bounds.marginBounds(x, offset, steps, predicted, new Ball(r, norm));
            passes++;
            double got = m.certifiedWithin();
            boolean whole = got >= r * (1 - 1e-6);
            if (got > lo) {
                lo = got;
                loMargin = m.minLower(got);
            }
            if (!whole) {
                hi = Math.min(hi, r);
            }
            if (lo > 0 && hi <= lo * (1 + settings.tolerance())) {
                break;
            }
            if (lo > 0 && Double.isFinite(hi)) {
                r = Math.sqrt(lo * hi);
            } else {
                r = lo == 0 ? r / factor : lo * factor;
                factor = Math.max(factor, Math.min(factor * factor, 4));
            }
        }
        if (lo == 0 || Double.isNaN(loMargin)) {
            loMargin = minMargin(x, offset, steps, predicted, new Ball(lo, norm));
            passes++;
        }
        return new Certificate(lo, norm, loMargin, passes, METHOD, bounds.multiplyAdds() - work);
    }

    /** min over j ≠ k of the lower bound of the margin of class k against j over the ball. */
    public double minMargin(double[] x, int offset, int steps, int predicted, Ball ball) {
        return bounds.minMargin(x, offset, steps, predicted, ball);
    }
}
