package io.brink.engine.algorithm;

/**
 * What a classifier decided for one window, from its logits z: the predicted class k̂ (argmax), the
 * runner-up j (argmax over the others), the margin t = z_k̂ − z_j (logits, dimensionless), the softmax
 * probabilities and their Shannon entropy (nats).
 */
public record Decision(int predicted, int runnerUp, double margin, double[] probabilities, double entropy) {

    /** The decision for the logits {@code z[off .. off+classes-1]}. */
    public static Decision of(double[] z, int off, int classes) {
        int k = argmax(z, off, classes, -1);
        int j = argmax(z, off, classes, k);
        double[] p = softmax(z, off, classes);
        return new Decision(k, j, z[off + k] - z[off + j], p, entropy(p, 0, classes));
    }

    /** Index of the largest of {@code len} values at {@code off}, skipping index {@code skip} (−1: none); first on ties. */
    public static int argmax(double[] v, int off, int len, int skip) {
        int best = -1;
        for (int i = 0; i < len; i++) {
            if (i != skip && (best < 0 || v[off + i] > v[off + best])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The class a forward shows instead of {@code k} — a verified flip — or −1 when it still shows k or when any
     * logit is not finite (an overflowed perturbation proves nothing).
     */
    public static int flipFrom(double[] z, int off, int len, int k) {
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(z[off + i])) {
                return -1;
            }
        }
        int c = argmax(z, off, len, -1);
        return c == k ? -1 : c;
    }

    /** −Σ p log p over {@code n} probabilities at {@code off} (0 log 0 = 0), nats, summed in index order. */
    public static double entropy(double[] p, int off, int n) {
        double h = 0;
        for (int i = 0; i < n; i++) {
            double v = p[off + i];
            h -= v > 0 ? v * Math.log(v) : 0;
        }
        return h;
    }

    /** The softmax of the {@code len} logits at {@code off} (shifted by their maximum). */
    static double[] softmax(double[] z, int off, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < len; i++) {
            max = Math.max(max, z[off + i]);
        }
        double[] p = new double[len];
        double sum = 0;
        for (int i = 0; i < len; i++) {
            p[i] = Math.exp(z[off + i] - max);
            sum += p[i];
        }
        for (int i = 0; i < len; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
