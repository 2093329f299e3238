package io.brink.engine.cpu;

import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import io.brink.model.SequenceClassifier;

import java.util.List;

/**
 * An ensemble of M networks as one classifier: its decision logits are ℓ_c = log p̄_c, p̄ = (1/M) Σ_m softmax(z_m)
 * (the log-mean-exp head over the members' log-softmax), so its predicted class is argmax p̄, its margin
 * log p̄_k̂ − log p̄_j and its softmax p̄ itself. Gradients and Hessian-vector products are exact, through the
 * members and the head:
 *
 * <p>With the objective's weights w on ℓ, member m's logit seed is s_m,i = w_i ρ_m,i − p_m,i Σ_c w_c ρ_m,c, where
 * ρ_m,c = p_m,c / (M p̄_c) is member m's share of p̄_c; so ∇ₓ(w·ℓ) = Σ_m J_mᵀ s_m. The seed depends on the outputs,
 * so a Hessian-vector product adds the seed's tangent: ∇²ₓ(w·ℓ)·v = Σ_m [∇²ₓ(s_m·z_m)·v + J_mᵀ ṡ_m], with ż_m = J_m v
 * from each member's tangent pass and ṡ_m = ȧ_m − ṗ_m A_m − p_m Ȧ_m (a_m,i = w_i ρ_m,i, A_m = Σ_c a_m,c,
 * ṗ_m,i = p_m,i (ż_m,i − p_m·ż_m), ρ̇_m,c = ρ_m,c (ż_m,c − p_m·ż_m − ℓ̇_c), ℓ̇_c = Σ_m ρ_m,c (ż_m,c − p_m·ż_m)).
 */
final class EnsembleEvaluator implements Evaluator {

    private final BatchEvaluator[] members;
    private final int classes;
    private final double logM;
    /** Members' logits (rows × M × C) and log-softmax (same layout) of the last forward; decision logits ℓ (rows × C). */
    private double[] z = new double[0];
    private double[] logp = new double[0];
    private double[] ell = new double[0];
    /** The objective's weights of the kept gradient (rows × C). */
    private double[] keptSeed = new double[0];
    private double[] buf = new double[0];

    EnsembleEvaluator(List<SequenceClassifier> models, Precision precision) {
        members = new BatchEvaluator[models.size()];
        for (int m = 0; m < members.length; m++) {
            members[m] = new BatchEvaluator(models.get(m), precision);
        }
        classes = members[0].classes();
        logM = Math.log(members.length);
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public double[] forward(double[] x, int steps, int rows) {
        final int M = members.length, C = classes;
        z = RecurrentKernel.ensure(z, rows * M * C);
        logp = RecurrentKernel.ensure(logp, rows * M * C);
        ell = RecurrentKernel.ensure(ell, rows * C);
        for (int m = 0; m < M; m++) {
            double[] zm = members[m].forward(x, steps, rows);
            for (int r = 0; r < rows; r++) {
                int o = (r * M + m) * C;
                System.arraycopy(zm, r * C, z, o, C);
                double lse = logSumExp(zm, r * C, C, 1);
                for (int c = 0; c < C; c++) {
                    logp[o + c] = zm[r * C + c] - lse;
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < C; c++) {
                ell[r * C + c] = logSumExp(logp, r * M * C + c, M, C) - logM;
            }
        }
        return ell;
    }

    /** log Σ_i exp(v[off + i·stride]) over n values, shifted by their maximum. */
    private static double logSumExp(double[] v, int off, int n, int stride) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[off + i * stride]);
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max) || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(v[off + i * stride] - max);
        }
        return max + Math.log(s);
    }

    @Override
    public double[] memberLogits(int rows) {
        return java.util.Arrays.copyOf(z, rows * members.length * classes);
    }

    @Override
    public double[] forwardDropout(double[] x, int steps, int rows, Dropout dropout) {
        throw new UnsupportedOperationException("an ensemble takes its uncertainty from its members, not from dropout");
    }

    /** ρ_m,c = exp(log p_m,c − log M − ℓ_c) at primal row p. */
    private double share(int p, int m, int c) {
        return Math.exp(logp[(p * members.length + m) * classes + c] - logM - ell[p * classes + c]);
    }

    @Override
    public void gradient(double[] seed, int rb, int[] map, boolean keep, double[] out) {
        final int M = members.length, C = classes;
        if (keep) {
            keptSeed = java.util.Arrays.copyOf(seed, rb * C);
        }
        double[] s = new double[rb * C];
        for (int m = 0; m < M; m++) {
            for (int r = 0; r < rb; r++) {
                int p = RecurrentKernel.primal(map, r);
                double sum = 0;
                for (int c = 0; c < C; c++) {
                    double a = seed[r * C + c] * share(p, m, c);
                    s[r * C + c] = a;
                    sum += a;
                }
                for (int c = 0; c < C; c++) {
                    s[r * C + c] -= Math.exp(logp[(p * M + m) * C + c]) * sum;
                }
            }
            BatchEvaluator member = members[m];
            accumulate(m, out, target -> member.gradient(s, rb, map, keep, target));
        }
    }

    @Override
    public void hessianVector(double[] v, int rt, int[] map, double[] out) {
        final int M = members.length, C = classes;
        double[] zdot = new double[rt * M * C];
        for (int m = 0; m < M; m++) {
            double[] zm = members[m].tangentForward(v, rt, map);
            for (int r = 0; r < rt; r++) {
                System.arraycopy(zm, r * C, zdot, (r * M + m) * C, C);
            }
        }
        // λ̇_m,c = ż_m,c − p_m·ż_m (the tangent of member m's log-softmax), in place of ż.
        double[] lambdaDot = zdot;
        for (int r = 0; r < rt; r++) {
            int p = RecurrentKernel.primal(map, r);
            for (int m = 0; m < M; m++) {
                int o = (r * M + m) * C, po = (p * M + m) * C;
                double mean = 0;
                for (int c = 0; c < C; c++) {
                    mean += Math.exp(logp[po + c]) * zdot[o + c];
                }
                for (int c = 0; c < C; c++) {
                    lambdaDot[o + c] = zdot[o + c] - mean;
                }
            }
        }
        double[] sdot = new double[rt * M * C];
        double[] ellDot = new double[C];
        for (int r = 0; r < rt; r++) {
            int p = RecurrentKernel.primal(map, r);
            java.util.Arrays.fill(ellDot, 0);
            for (int m = 0; m < M; m++) {
                for (int c = 0; c < C; c++) {
                    ellDot[c] += share(p, m, c) * lambdaDot[(r * M + m) * C + c];
                }
            }
            for (int m = 0; m < M; m++) {
                int o = (r * M + m) * C, po = (p * M + m) * C;
                double bigA = 0, bigADot = 0;
                double[] aDot = new double[C];
                for (int c = 0; c < C; c++) {
                    double w = keptSeed[p * C + c];
                    double rho = share(p, m, c);
                    double rhoDot = rho * (lambdaDot[o + c] - ellDot[c]);
                    bigA += w * rho;
                    aDot[c] = w * rhoDot;
                    bigADot += aDot[c];
                }
                for (int c = 0; c < C; c++) {
                    double pmc = Math.exp(logp[po + c]);
                    double pDot = pmc * lambdaDot[o + c];
                    sdot[(m * rt + r) * C + c] = aDot[c] - pDot * bigA - pmc * bigADot;
                }
            }
        }
        for (int m = 0; m < M; m++) {
            double[] sm = java.util.Arrays.copyOfRange(sdot, m * rt * C, (m + 1) * rt * C);
            BatchEvaluator member = members[m];
            accumulate(m, out, target -> member.tangentBackward(sm, rt, map, target));
        }
    }

    /** Member m writes into {@code out} (m = 0) or into a buffer added to it (m > 0). */
    private void accumulate(int m, double[] out, java.util.function.Consumer<double[]> write) {
        if (m == 0) {
            write.accept(out);
            return;
        }
        buf = RecurrentKernel.ensure(buf, out.length);
        write.accept(buf);
        for (int i = 0; i < out.length; i++) {
            out[i] += buf[i];
        }
    }

    @Override
    public GemmWork gemmWork() {
        GemmWork w = GemmWork.NONE;
        for (BatchEvaluator e : members) {
            w = w.plus(e.gemmWork());
        }
        return w;
    }

    @Override
    public void close() {
        for (BatchEvaluator e : members) {
            e.close();
        }
    }
}
