package io.brink.model.bounds;

import io.brink.model.graph.ClipOp;
import io.brink.model.graph.EluOp;
import io.brink.model.graph.ErfOp;
import io.brink.model.graph.HardSigmoidOp;
import io.brink.model.graph.LeakyReluOp;
import io.brink.model.graph.MulOp;
import io.brink.model.graph.Op;
import io.brink.model.graph.PowOp;
import io.brink.model.graph.ReluOp;
import io.brink.model.graph.ScaledTanhOp;
import io.brink.model.graph.SeluOp;
import io.brink.model.graph.SigmoidOp;
import io.brink.model.graph.SoftplusOp;
import io.brink.model.graph.SoftsignOp;
import io.brink.model.graph.SqrtOp;
import io.brink.model.graph.TanhOp;

import java.util.Arrays;

/**
 * Element-wise activations as nodes that have relaxations. σ, tanh, erf and softsign are S-shape nodes (ScaledTanh
 * α·tanh(βx) one between two affine ones), ReLU a ReLU node, √, a square and softplus one-curvature nodes; the piecewise
 * ones are their exact decompositions into ReLUs and affine nodes: LeakyRelu relu(x) − α·relu(−x); HardSigmoid
 * relu(αx + β) − relu(αx + β − 1); Clip lo + relu(x − lo) − relu(x − hi); Elu relu(x) + α(e^(−relu(−x)) − 1); Selu γ
 * times that. ThresholdedRelu (discontinuous) has none.
 */
final class ActivationNodes {

    private ActivationNodes() {
    }

    /** Whether {@code op} is an activation with nodes here (a square: Pow of exponent 2, or x·x, is told by the caller). */
    static boolean covers(Op op) {
        return op instanceof SigmoidOp || op instanceof TanhOp || op instanceof ReluOp || op instanceof ErfOp || op instanceof SqrtOp
                || op instanceof LeakyReluOp || op instanceof HardSigmoidOp || op instanceof ClipOp || op instanceof EluOp
                || op instanceof SeluOp || op instanceof SoftplusOp || op instanceof SoftsignOp || op instanceof ScaledTanhOp;
    }

    /** Adds the nodes of {@code op} over node {@code src} ({@code size} values) to {@code u}; returns the output node. */
    static int add(Unrolled u, Op op, int size, int src) {
        if (op instanceof ReluOp) {
            return u.add(new Unrolled.Relu(size, src));
        } else if (op instanceof SqrtOp) {
            return u.add(new Unrolled.Curve(size, src, Relax.Curved.SQRT));
        } else if (op instanceof SoftplusOp) {
            return u.add(new Unrolled.Curve(size, src, Relax.Curved.SOFTPLUS));
        } else if (op instanceof PowOp || op instanceof MulOp) {
            return u.add(new Unrolled.Curve(size, src, Relax.Curved.SQUARE));
        } else if (op instanceof LeakyReluOp l) {
            return u.add(new Unrolled.Combine(size, relu(u, size, src, 1, 0), 1, relu(u, size, src, -1, 0), -l.alpha()));
        } else if (op instanceof HardSigmoidOp h) {
            return u.add(new Unrolled.Combine(size, relu(u, size, src, h.alpha(), h.beta()), 1,
                    relu(u, size, src, h.alpha(), h.beta() - 1), -1));
        } else if (op instanceof ClipOp c) {
            int inside = u.add(new Unrolled.Combine(size, relu(u, size, src, 1, -c.lo()), 1, relu(u, size, src, 1, -c.hi()), -1));
            return scale(u, size, inside, 1, c.lo());
        } else if (op instanceof EluOp e) {
            return elu(u, size, src, e.alpha(), 1);
        } else if (op instanceof SeluOp s) {
            return elu(u, size, src, s.alpha(), s.gamma());
        } else if (op instanceof ScaledTanhOp t) {
            return scale(u, size, u.add(new Unrolled.Squash(size, scale(u, size, src, t.beta(), 0), Relax.SShape.TANH)), t.alpha(), 0);
        }
        return u.add(new Unrolled.Squash(size, src, op instanceof SigmoidOp ? Relax.SShape.SIGMOID
                : op instanceof ErfOp ? Relax.SShape.ERF : op instanceof SoftsignOp ? Relax.SShape.SOFTSIGN : Relax.SShape.TANH));
    }

    /** γ·(relu(x) + α(e^(−relu(−x)) − 1)). */
    private static int elu(Unrolled u, int size, int src, double alpha, double gamma) {
        int negativePart = scale(u, size, relu(u, size, src, -1, 0), -1, 0);
        int exp = u.add(new Unrolled.Curve(size, negativePart, Relax.Curved.EXP));
        return u.add(new Unrolled.Combine(size, relu(u, size, src, 1, 0), gamma, scale(u, size, exp, alpha, -alpha), gamma));
    }

    /** relu(a·x + b), element-wise. */
    private static int relu(Unrolled u, int size, int src, double a, double b) {
        return u.add(new Unrolled.Relu(size, a == 1 && b == 0 ? src : scale(u, size, src, a, b)));
    }

    private static int scale(Unrolled u, int size, int src, double a, double b) {
        double[] sa = new double[size], sb = new double[size];
        Arrays.fill(sa, a);
        Arrays.fill(sb, b);
        return u.add(new Unrolled.Scale(size, src, sa, sb));
    }
}
