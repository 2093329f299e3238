package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The algebraically largest eigenpair (ν, u) of each window's input Hessian ∇²ₓg by Lanczos with full
 * reorthogonalization (two Gram–Schmidt passes), batched over the windows still running: one
 * Hessian-vector product per running window per iteration. A window stops when the Ritz residual
 * ‖Hu − νu‖ ≤ tolerance·(largest |Ritz value|), on breakdown, or after {@code maxIterations} products
 * (at most T·d). The Krylov vectors stay on the device; only per-window scalars and the small tridiagonal
 * problems come to the host. u is signed so that Jᵀu ≥ 0 for the window's gradient J.
 */
public final class Lanczos {

    /**
     * @param tolerance       stop when ‖Hu − νu‖ ≤ tolerance·(largest |Ritz value|) (dimensionless)
     * @param maxIterations   Hessian-vector products per window at most
     * @param fixedIterations run exactly maxIterations products (benchmarks), ignoring the tolerance
     */
    public record Settings(double tolerance, int maxIterations, boolean fixedIterations) {
        public Settings {
            if (!(tolerance > 0)) {
                throw new IllegalArgumentException("the curvature tolerance must be positive, got " + tolerance);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("Hessian-vector products per window must be at least 1, got " + maxIterations);
            }
        }
    }

    /** A window that stops at this iteration: its row among the running ones, its Ritz pair and residual. */
    private record Stop(int row, TridiagonalEigen.Top eig, double residual, boolean converged) {
    }

    private final Device device;
    private final HessianOperator hessian;
    private final Settings settings;

    public Lanczos(Device device, HessianOperator hessian, Settings settings) {
        this.device = device;
        this.hessian = hessian;
        this.settings = settings;
    }

    /**
     * Eigenpairs of the n windows whose gradients are the rows of {@code gradient}. {@code starts} holds an
     * optional start vector per window (empty list: none); a missing, zero or non-finite one is replaced
     * by a Gaussian vector from the window's stream (seed, firstIndex + window).
     */
    public Curvature[] run(Block gradient, int n, List<Optional<double[]>> starts, long seed, long firstIndex) {
        final int D = gradient.width();
        final int K = Math.min(settings.maxIterations(), D);
        Block[] q = new Block[K + 1];
        double[][] alpha = new double[n][K];
        double[][] beta = new double[n][K];
        Curvature[] result = new Curvature[n];
        q[0] = device.upload(startVectors(n, D, starts, seed, firstIndex), 0, n, D);
        try {
            for (int m = 0; ; m++) {
                int[] active = running(result);
                if (active.length == 0) {
                    return result;
                }
                q[m + 1] = iterate(q, m, active, gradient, alpha, beta, result);
            }
        } finally {
            for (Block b : q) {
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    private static int[] running(Curvature[] result) {
        int n = 0;
        for (Curvature c : result) {
            n += c == null ? 1 : 0;
        }
        int[] a = new int[n];
        int i = 0;
        for (int r = 0; r < result.length; r++) {
            if (result[r] == null) {
                a[i++] = r;
            }
        }
        return a;
    }

    private double[] startVectors(int n, int D, List<Optional<double[]>> starts, long seed, long firstIndex) {
        double[] out = new double[n * D];
        for (int r = 0; r < n; r++) {
            double[] start = starts.isEmpty() ? null : starts.get(r).map(double[]::clone).orElse(null);
            double norm = start == null ? 0 : WindowRandom.norm(start, 0, D);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                SplittableRandom rnd = WindowRandom.stream(seed, firstIndex + r, WindowRandom.START_VECTOR);
                start = new double[D];
                for (int i = 0; i < D; i++) {
                    start[i] = WindowRandom.gaussian(rnd);
                }
                norm = WindowRandom.norm(start, 0, D);
            }
            for (int i = 0; i < D; i++) {
                start[i] /= norm;
            }
            System.arraycopy(start, 0, out, r * D, D);
        }
        return out;
    }

    /**
     * Iteration m for the windows {@code active}, whose current Lanczos vector is row r of q[m]: the product,
     * α, reorthogonalization, β; windows that stop get their result; returns q[m+1] (null if none continue).
     */
    private Block iterate(Block[] q, int m, int[] active, Block gradient, double[][] alpha, double[][] beta, Curvature[] result) {
        final int D = gradient.width(), na = active.length, K = alpha[0].length;
        final int[] all = Device.range(na);
        try (Block v = device.zeros(na, D); Block w = device.zeros(na, D)) {
            device.copy(q[m], active, v, all);
            hessian.apply(v, active, w);
            double[] a = device.dot(w, all, q[m], active);
            for (int reorth = 0; reorth < 2; reorth++) {
                for (int j = 0; j <= m; j++) {
                    double[] c = device.dot(w, all, q[j], active);
                    for (int i = 0; i < na; i++) {
                        c[i] = -c[i];
                    }
                    device.axpy(c, q[j], active, w, all);
                }
            }
            double[] b = device.norm(w, all);
            List<Stop> stopping = new ArrayList<>();
            List<Integer> continuing = new ArrayList<>();
            for (int i = 0; i < na; i++) {
                int r = active[i];
                alpha[r][m] = a[i];
                TridiagonalEigen.Top eig = TridiagonalEigen.top(alpha[r], beta[r], m + 1);
                double scale = eig.spectralRadius();
                double residual = b[i] * Math.abs(eig.vector()[m]);
                boolean converged = residual <= settings.tolerance() * scale || scale == 0;
                boolean breakdown = b[i] <= 1e-12 * Math.max(scale, Double.MIN_NORMAL);
                boolean stop = settings.fixedIterations() ? (m + 1 >= K || breakdown) : (converged || breakdown || m + 1 >= K);
                if (stop) {
                    stopping.add(new Stop(i, eig, residual, converged || breakdown));
                } else {
                    beta[r][m] = b[i];
                    continuing.add(i);
                }
            }
            if (!stopping.isEmpty()) {
                finish(q, m, active, stopping, gradient, result);
            }
            if (continuing.isEmpty()) {
                return null;
            }
            int nc = continuing.size();
            int[] rows = new int[nc];
            int[] windows = new int[nc];
            double[] norms = new double[nc];
            for (int i = 0; i < nc; i++) {
                rows[i] = continuing.get(i);
                windows[i] = active[rows[i]];
                norms[i] = b[rows[i]];
            }
            device.divide(w, rows, norms);
            Block next = device.zeros(result.length, D);
            device.copy(w, rows, next, windows);
            return next;
        }
    }

    /** u = Σ_j s_j q_j for the stopping windows (s the Ritz vector), normalized and signed so that Jᵀu ≥ 0. */
    private void finish(Block[] q, int m, int[] active, List<Stop> stopping, Block gradient, Curvature[] result) {
        final int D = gradient.width(), ns = stopping.size();
        final int[] all = Device.range(ns);
        int[] windows = new int[ns];
        for (int i = 0; i < ns; i++) {
            windows[i] = active[stopping.get(i).row()];
        }
        try (Block u = device.zeros(ns, D)) {
            double[] s = new double[ns];
            for (int j = 0; j <= m; j++) {
                for (int i = 0; i < ns; i++) {
                    s[i] = stopping.get(i).eig().vector()[j];
                }
                device.axpy(s, q[j], windows, u, all);
            }
            device.divide(u, all, device.norm(u, all));
            double[] ju = device.dot(gradient, windows, u, all);
            int negative = 0;
            for (double v : ju) {
                negative += v < 0 ? 1 : 0;
            }
            int[] flip = new int[negative];
            double[] minusOne = new double[negative];
            int f = 0;
            for (int i = 0; i < ns; i++) {
                if (ju[i] < 0) {
                    flip[f] = i;
                    minusOne[f++] = -1;
                    ju[i] = -ju[i];
                }
            }
            device.scale(u, flip, minusOne);
            double[][] vectors = device.downloadRows(u, ns);
            for (int i = 0; i < ns; i++) {
                Stop st = stopping.get(i);
                result[windows[i]] = new Curvature(st.eig().value(), vectors[i], ju[i], m + 1, st.residual(), st.converged());
            }
        }
    }
}
