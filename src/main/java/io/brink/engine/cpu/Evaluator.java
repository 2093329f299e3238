package io.brink.engine.cpu;

import io.brink.engine.device.GemmWork;

/**
 * What a {@link CpuTape} runs on: a batched classifier over time-major windows (T × rows × d) with its decision
 * logits, their input gradient and exact Hessian-vector products. One network ({@link BatchEvaluator}) or an
 * ensemble behind its log-mean-exp head ({@link EnsembleEvaluator}).
 */
interface Evaluator {

    /** Classes of the decision logits. */
    int classes();

    /** Forward pass; the decision logits (rows × classes), valid until the next forward. */
    double[] forward(double[] x, int steps, int rows);

    /** The members' logits of the last forward (rows × members × classes, row-major); for one network its logits. */
    double[] memberLogits(int rows);

    /** Logits of a forward pass with inverted dropout (not differentiable; replaces the caches). */
    double[] forwardDropout(double[] x, int steps, int rows, Dropout dropout);

    /**
     * Input gradient of {@code seed · logits} (seed rb × classes) for rb rows mapped to primal rows, written time-major
     * (T × rb × d); with {@code keep} (rb == rows, no map) the adjoints are kept for {@link #hessianVector}.
     */
    void gradient(double[] seed, int rb, int[] map, boolean keep, double[] out);

    /** Exact Hessian-vector products of the kept gradient's objective for rt tangent rows, time-major in and out. */
    void hessianVector(double[] v, int rt, int[] map, double[] out);

    /** Matrix-product work so far. */
    GemmWork gemmWork();

    /** Releases off-heap buffers; unusable afterwards. */
    void close();
}
