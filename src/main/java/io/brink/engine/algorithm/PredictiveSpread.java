package io.brink.engine.algorithm;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How M members (or S stochastic passes) of a classifier spread over the classes for one window: the predictive
 * distribution p̄ = (1/M) Σ_m p_m and its entropy H(p̄) (nats), the expected entropy E = (1/M) Σ_m H(p_m) (the
 * aleatoric part), the mutual information I = H(p̄) − E ≥ 0 (the epistemic part: how much the members disagree),
 * the per-class sample standard deviation of p_m,c, and the disagreement (share of members whose class differs
 * from argmax p̄). With one member only p̄ and its entropy exist; the others are empty.
 *
 * @param method  how the members came about (single, ensemble, input_noise, mc_dropout)
 * @param members M
 */
public record PredictiveSpread(String method, int members, double[] probabilities, double entropy,
                               OptionalDouble expectedEntropy, OptionalDouble mutualInformation,
                               Optional<double[]> probabilityStd, OptionalDouble disagreement) {

    /** The spread of one member with probabilities {@code p}. */
    public static PredictiveSpread single(String method, double[] p) {
        return new PredictiveSpread(method, 1, p.clone(), Decision.entropy(p, 0, p.length), OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty(), OptionalDouble.empty());
    }

    /**
     * The spread of M members whose probabilities are {@code p[(m·C + c)]} from {@code off} (M × C, row-major). The means
     * are taken as member 0 plus the mean of the others' differences from it, so identical members give p̄ = p_0,
     * E = H(p_0) and I = 0 exactly.
     */
    public static PredictiveSpread of(String method, double[] p, int off, int members, int classes) {
        final int M = members, C = classes;
        if (M == 1) {
            double[] only = java.util.Arrays.copyOfRange(p, off, off + C);
            return single(method, only);
        }
        double[] mean = new double[C];
        double h0 = Decision.entropy(p, off, C);
        double expected = h0;
        for (int c = 0; c < C; c++) {
            double d = 0;
            for (int m = 1; m < M; m++) {
                d += p[off + m * C + c] - p[off + c];
            }
            mean[c] = p[off + c] + d / M;
        }
        double dh = 0;
        for (int m = 1; m < M; m++) {
            dh += Decision.entropy(p, off + m * C, C) - h0;
        }
        expected += dh / M;
        double h = Decision.entropy(mean, 0, C);
        double[] std = new double[C];
        for (int c = 0; c < C; c++) {
            double ss = 0;
            for (int m = 0; m < M; m++) {
                double d = p[off + m * C + c] - mean[c];
                ss += d * d;
            }
            std[c] = Math.sqrt(ss / (M - 1));
        }
        int predicted = Decision.argmax(mean, 0, C, -1);
        int differ = 0;
        for (int m = 0; m < M; m++) {
            differ += Decision.argmax(p, off + m * C, C, -1) == predicted ? 0 : 1;
        }
        return new PredictiveSpread(method, M, mean, h, OptionalDouble.of(expected), OptionalDouble.of(Math.max(0, h - expected)),
                Optional.of(std), OptionalDouble.of((double) differ / M));
    }

    /** The softmax of each of {@code rows} rows of {@code classes} logits (a new array, rows × classes). */
    public static double[] softmaxRows(double[] z, int rows, int classes) {
        double[] out = new double[rows * classes];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(Decision.softmax(z, r * classes, classes), 0, out, r * classes, classes);
        }
        return out;
    }
}
