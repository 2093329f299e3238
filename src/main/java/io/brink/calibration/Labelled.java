package io.brink.calibration;

/**
 * One window whose outcome is known: the model's predictive probabilities p̄ and the realized class y. Derived:
 * confidence max p̄ (ties: the first class), the class argmax p̄, whether it is y, NLL −log max(p̄_y, 1e-12) (nats)
 * and Brier Σ_k (p̄_k − 1[y = k])².
 */
public record Labelled(double[] probabilities, int actual) {

    /** Probability floor of the NLL, so that a confident miss costs 27.6 nats, not infinity. */
    public static final double NLL_FLOOR = 1e-12;

    public Labelled {
        if (actual < 0 || actual >= probabilities.length) {
            throw new IllegalArgumentException("class " + actual + " is not one of the model's " + probabilities.length);
        }
        probabilities = probabilities.clone();
    }

    public int predicted() {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            best = probabilities[k] > probabilities[best] ? k : best;
        }
        return best;
    }

    public double confidence() {
        return confidenceOf(probabilities);
    }

    /** max p̄ of any probabilities. */
    public static double confidenceOf(double[] p) {
        double m = p[0];
        for (double v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    public boolean correct() {
        return predicted() == actual;
    }

    public double nll() {
        return -Math.log(Math.max(probabilities[actual], NLL_FLOOR));
    }

    public double brier() {
        double s = 0;
        for (int k = 0; k < probabilities.length; k++) {
            double d = probabilities[k] - (k == actual ? 1 : 0);
            s += d * d;
        }
        return s;
    }
}
