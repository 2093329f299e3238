package io.brink.engine.device;

import java.util.Arrays;

/**
 * The host-side arithmetic of an ensemble's log-mean-exp head, shared by every device: the members' networks run on
 * the device, their logits (rows × M × C, small) come here. The ensemble's decision logits are ℓ_c = log p̄_c,
 * p̄ = (1/M) Σ_m softmax(z_m), so its predicted class is argmax p̄ and its softmax p̄ itself.
 *
 * <p>With the objective's weights w on ℓ, member m's logit seed is s_m,i = w_i ρ_m,i − p_m,i Σ_c w_c ρ_m,c, where
 * ρ_m,c = p_m,c / (M p̄_c) is member m's share of p̄_c; so ∇ₓ(w·ℓ) = Σ_m J_mᵀ s_m. The seed depends on the outputs,
 * so a Hessian-vector product adds the seed's tangent: ∇²ₓ(w·ℓ)·v = Σ_m [∇²ₓ(s_m·z_m)·v + J_mᵀ ṡ_m], with ż_m = J_m v
 * from each member's tangent pass and ṡ_m = ȧ_m − ṗ_m A_m − p_m Ȧ_m (a_m,i = w_i ρ_m,i, A_m = Σ_c a_m,c,
 * ṗ_m,i = p_m,i (ż_m,i − p_m·ż_m), ρ̇_m,c = ρ_m,c (ż_m,c − p_m·ż_m − ℓ̇_c), ℓ̇_c = Σ_m ρ_m,c (ż_m,c − p_m·ż_m)).
 * Row maps as in {@link Tape}: row r of a gradient or tangent is taken at forward row map[r] (null: r).
 */
public final class EnsembleHead {

    private final int members;
    private final int classes;
    private final double logM;
    /** Members' logits (rows × M × C) and log-softmax (same layout) of the last forward; decision logits ℓ (rows × C). */
    private double[] z = new double[0];
    private double[] logp = new double[0];
    private double[] ell = new double[0];
    /** The objective's weights of the kept gradient (rows × C). */
    private double[] keptSeed = new double[0];

    public EnsembleHead(int members, int classes) {
        if (members < 1 || classes < 1) {
            throw new IllegalArgumentException("an ensemble head needs members and classes, got " + members + " and " + classes);
        }
        this.members = members;
        this.classes = classes;
        this.logM = Math.log(members);
    }

    /** From the members' logits {@code z} (rows × M × C), the decision logits ℓ (rows × C), valid until the next forward. */
    public double[] forward(double[] memberLogits, int rows) {
        final int M = members, C = classes;
        z = Arrays.copyOf(memberLogits, rows * M * C);
        logp = ensure(logp, rows * M * C);
        ell = ensure(ell, rows * C);
        for (int r = 0; r < rows; r++) {
            for (int m = 0; m < M; m++) {
                int o = (r * M + m) * C;
                double lse = logSumExp(z, o, C, 1);
                for (int c = 0; c < C; c++) {
                    logp[o + c] = z[o + c] - lse;
                }
            }
            for (int c = 0; c < C; c++) {
                ell[r * C + c] = logSumExp(logp, r * M * C + c, M, C) - logM;
            }
        }
        return ell;
    }

    /** The members' logits of the last forward (rows × M × C). */
    public double[] memberLogits(int rows) {
        return Arrays.copyOf(z, rows * members * classes);
    }

    /** Keeps the objective's weights (rows × C) of a gradient that Hessian-vector products will follow. */
    public void keep(double[] seed, int rows) {
        keptSeed = Arrays.copyOf(seed, rows * classes);
    }

    /** Member m's logit seed s_m (rb × C) for the weights {@code seed} (rb × C) on ℓ at the mapped rows. */
    public double[] memberSeed(double[] seed, int rb, int[] map, int m) {
        final int M = members, C = classes;
        double[] s = new double[rb * C];
        for (int r = 0; r < rb; r++) {
            int p = map == null ? r : map[r];
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
        return s;
    }

    /**
     * The seeds' tangents ṡ_m (per member, rt × C) of the kept objective, from the members' logit tangents ż
     * (rt × M × C) at the mapped rows.
     */
    public double[][] seedTangents(double[] zdot, int rt, int[] map) {
        final int M = members, C = classes;
        // λ̇_m,c = ż_m,c − p_m·ż_m (the tangent of member m's log-softmax).
        double[] lambdaDot = new double[rt * M * C];
        for (int r = 0; r < rt; r++) {
            int p = map == null ? r : map[r];
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
        double[][] sdot = new double[M][rt * C];
        double[] ellDot = new double[C];
        double[] aDot = new double[C];
        for (int r = 0; r < rt; r++) {
            int p = map == null ? r : map[r];
            Arrays.fill(ellDot, 0);
            for (int m = 0; m < M; m++) {
                for (int c = 0; c < C; c++) {
                    ellDot[c] += share(p, m, c) * lambdaDot[(r * M + m) * C + c];
                }
            }
            for (int m = 0; m < M; m++) {
                int o = (r * M + m) * C, po = (p * M + m) * C;
                double bigA = 0, bigADot = 0;
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
                    sdot[m][r * C + c] = aDot[c] - pDot * bigA - pmc * bigADot;
                }
            }
        }
        return sdot;
    }

    /** ρ_m,c = exp(log p_m,c − log M − ℓ_c) at forward row p. */
    private double share(int p, int m, int c) {
        return Math.exp(logp[(p * members + m) * classes + c] - logM - ell[p * classes + c]);
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

    private static double[] ensure(double[] a, int n) {
        return a.length >= n ? a : new double[n];
    }
}
