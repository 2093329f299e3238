package io.brink.engine;

import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Computes robustness profiles for one slice of a batch on one worker thread. Owns the evaluators
 * (and so the ND4J buffers) it uses; not thread-safe.
 */
final class SliceProfiler {

    /** Tangent or forward rows processed in one pass at most. */
    static final int MAX_ROWS = 1024;
    private static final double OVERSHOOT = 0.02;
    private static final int BISECTION_STEPS = 12;
    private static final int SAFE_RADIUS_STEPS = 6;

    private final BatchEvaluator main;
    private final BatchEvaluator aux;
    private final Precision precision;
    private final int classes;
    private final int features;
    private final long[] stageNanos = new long[Stage.values().length];

    private int steps;
    private int n;
    private double[] x;
    private int[] predicted;
    private int[] runnerUp;

    SliceProfiler(SequenceClassifier model, Precision precision) {
        this.main = new BatchEvaluator(model, precision);
        this.aux = new BatchEvaluator(model, precision);
        this.precision = precision;
        this.classes = model.numClasses();
        this.features = model.inputSize();
    }

    long[] stageNanos() {
        return stageNanos;
    }

    GemmWork gemmWork() {
        return main.gemmWork().plus(aux.gemmWork());
    }

    /**
     * Profiles windows {@code xb} (batch-first, n × T × d). {@code firstIndex} is the global index of the
     * first window (random streams depend on it, not on the slicing); {@code warm} holds optional
     * Lanczos start vectors per window.
     */
    List<WindowProfile> profile(double[] xb, int count, int steps, ProfileOptions o, double[][] warm, long firstIndex) {
        this.steps = steps;
        this.n = count;
        this.x = xb;
        final int L = classes, D = steps * features;
        long t0 = System.nanoTime();
        double[] logits = main.forward(Layout.toTimeMajor(xb, count, steps, features), steps, count).clone();
        predicted = new int[count];
        runnerUp = new int[count];
        double[] margin = new double[count];
        double[][] probs = new double[count][];
        double[] entropy = new double[count];
        for (int r = 0; r < count; r++) {
            int k = argmax(logits, r * L, L, -1);
            int j = argmax(logits, r * L, L, k);
            predicted[r] = k;
            runnerUp[r] = j;
            margin[r] = logits[r * L + k] - logits[r * L + j];
            probs[r] = softmax(logits, r * L, L);
            for (double p : probs[r]) {
                entropy[r] -= p > 0 ? p * Math.log(p) : 0;
            }
        }
        long t1 = tick(Stage.FORWARD, t0);

        double[] seed = new double[count * L];
        for (int r = 0; r < count; r++) {
            seed[r * L + runnerUp[r]] = 1;
            seed[r * L + predicted[r]] = -1;
        }
        double[] gt = new double[count * D];
        main.gradient(seed, count, null, true, gt);
        double[] grad = Layout.toBatchFirst(gt, count, steps, features);
        double[] gradNorm = new double[count];
        for (int r = 0; r < count; r++) {
            gradNorm[r] = Layout.norm(grad, r * D, D);
        }
        long t2 = tick(Stage.GRADIENT, t1);

        Curvature[] curvature = o.curvature() ? lanczos(grad, o, warm, firstIndex) : null;
        long t3 = tick(Stage.CURVATURE, t2);
        double[] frobenius = o.hutchinsonProbes() > 0 ? hutchinson(o, firstIndex) : null;
        long t4 = tick(Stage.HUTCHINSON, t3);
        DistanceEstimates[] distances = new DistanceEstimates[count];
        for (int r = 0; r < count; r++) {
            distances[r] = curvature == null
                    ? new DistanceEstimates(DistanceEstimates.linear(margin[r], gradNorm[r]), Double.NaN, Double.NaN)
                    : DistanceEstimates.of(margin[r], gradNorm[r], curvature[r].eigenvalue(), curvature[r].gradientAlongEigenvector());
        }
        long t5 = tick(Stage.ESTIMATES, t4);
        AttackResult[] attacks = o.attack() ? attack(o.attackIterations()) : null;
        long t6 = tick(Stage.ATTACK, t5);
        RandomDirectionResult[] random = o.radii().length > 0 ? randomDirections(o, firstIndex) : null;
        tick(Stage.RANDOM_DIRECTIONS, t6);

        List<WindowProfile> out = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            double[] logitRow = new double[L];
            System.arraycopy(logits, r * L, logitRow, 0, L);
            double[] g = null;
            if (o.keepGradient()) {
                g = new double[D];
                System.arraycopy(grad, r * D, g, 0, D);
            }
            out.add(new WindowProfile(predicted[r], runnerUp[r], logitRow, probs[r], margin[r], entropy[r], gradNorm[r], g,
                    curvature == null ? null : curvature[r], frobenius == null ? null : frobenius[r], distances[r],
                    attacks == null ? null : attacks[r], o.attack(), random == null ? null : random[r]));
        }
        return out;
    }

    private long tick(Stage stage, long since) {
        long now = System.nanoTime();
        stageNanos[stage.ordinal()] += now - since;
        return now;
    }

    private static int argmax(double[] v, int off, int len, int skip) {
        int best = -1;
        for (int i = 0; i < len; i++) {
            if (i != skip && (best < 0 || v[off + i] > v[off + best])) {
                best = i;
            }
        }
        return best;
    }

    private static double[] softmax(double[] z, int off, int len) {
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

    private SplittableRandom random(long seed, long windowIndex, long stream) {
        return new SplittableRandom(seed ^ (windowIndex * 0x9E3779B97F4A7C15L) ^ (stream * 0xC2B2AE3D27D4EB4FL));
    }

    /** Hessian-vector products for rt batch-first vectors mapped to windows of this slice. */
    double[] hessianVector(double[] vb, int rt, int[] map, HvpMode mode) {
        final int D = steps * features;
        double[] out = new double[rt * D];
        for (int start = 0; start < rt; start += MAX_ROWS) {
            int len = Math.min(MAX_ROWS, rt - start);
            double[] chunk = new double[len * D];
            System.arraycopy(vb, start * D, chunk, 0, len * D);
            int[] m = new int[len];
            System.arraycopy(map, start, m, 0, len);
            double[] res = mode == HvpMode.EXACT ? exactHvp(chunk, len, m) : differenceHvp(chunk, len, m);
            System.arraycopy(res, 0, out, start * D, len * D);
        }
        return out;
    }

    private double[] exactHvp(double[] vb, int rt, int[] map) {
        double[] out = new double[rt * steps * features];
        main.hessianVector(Layout.toTimeMajor(vb, rt, steps, features), rt, map, out);
        return Layout.toBatchFirst(out, rt, steps, features);
    }

    private double[] differenceHvp(double[] vb, int rt, int[] map) {
        final int D = steps * features, L = classes;
        double cbrtEps = Math.cbrt(precision.epsilon());
        double[] plus = new double[rt * D];
        double[] minus = new double[rt * D];
        double[] h = new double[rt];
        double[] seed = new double[rt * L];
        for (int r = 0; r < rt; r++) {
            int w = map[r];
            double rms = Layout.norm(x, w * D, D) / Math.sqrt(D);
            double vn = Layout.norm(vb, r * D, D);
            h[r] = vn == 0 ? 0 : cbrtEps * Math.max(1, rms) / vn;
            for (int i = 0; i < D; i++) {
                plus[r * D + i] = x[w * D + i] + h[r] * vb[r * D + i];
                minus[r * D + i] = x[w * D + i] - h[r] * vb[r * D + i];
            }
            seed[r * L + runnerUp[w]] = 1;
            seed[r * L + predicted[w]] = -1;
        }
        double[] gp = new double[rt * D];
        double[] gm = new double[rt * D];
        aux.forward(Layout.toTimeMajor(plus, rt, steps, features), steps, rt);
        aux.gradient(seed, rt, null, false, gp);
        aux.forward(Layout.toTimeMajor(minus, rt, steps, features), steps, rt);
        aux.gradient(seed, rt, null, false, gm);
        double[] out = new double[rt * D];
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < rt; r++) {
                for (int k = 0; k < features; k++) {
                    int src = (t * rt + r) * features + k;
                    out[(r * steps + t) * features + k] = h[r] == 0 ? 0 : (gp[src] - gm[src]) / (2 * h[r]);
                }
            }
        }
        return out;
    }

    /** Lanczos with full reorthogonalization, batched over the windows still running. */
    private Curvature[] lanczos(double[] grad, ProfileOptions o, double[][] warm, long firstIndex) {
        final int D = steps * features;
        final int K = Math.min(o.maxIterations(), D);
        double[][][] q = new double[n][K + 1][];
        double[][] alpha = new double[n][K];
        double[][] beta = new double[n][K];
        int[] k = new int[n];
        Curvature[] result = new Curvature[n];
        for (int r = 0; r < n; r++) {
            double[] start = warm != null && warm[r] != null ? warm[r].clone() : null;
            double norm = start == null ? 0 : Layout.norm(start, 0, D);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                SplittableRandom rnd = random(o.seed(), firstIndex + r, 1);
                start = new double[D];
                for (int i = 0; i < D; i++) {
                    start[i] = gaussian(rnd);
                }
                norm = Layout.norm(start, 0, D);
            }
            for (int i = 0; i < D; i++) {
                start[i] /= norm;
            }
            q[r][0] = start;
        }
        while (true) {
            List<Integer> active = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                if (result[r] == null) {
                    active.add(r);
                }
            }
            if (active.isEmpty()) {
                return result;
            }
            int na = active.size();
            double[] v = new double[na * D];
            int[] map = new int[na];
            for (int i = 0; i < na; i++) {
                int r = active.get(i);
                map[i] = r;
                System.arraycopy(q[r][k[r]], 0, v, i * D, D);
            }
            double[] hv = hessianVector(v, na, map, o.hvpMode());
            for (int i = 0; i < na; i++) {
                int r = active.get(i);
                int m = k[r];
                double[] w = new double[D];
                System.arraycopy(hv, i * D, w, 0, D);
                double a = Layout.dot(w, 0, q[r][m], 0, D);
                for (int reorth = 0; reorth < 2; reorth++) {
                    for (int j = 0; j <= m; j++) {
                        double c = Layout.dot(w, 0, q[r][j], 0, D);
                        double[] qj = q[r][j];
                        for (int e = 0; e < D; e++) {
                            w[e] -= c * qj[e];
                        }
                    }
                }
                double b = Layout.norm(w, 0, D);
                alpha[r][m] = a;
                k[r] = m + 1;
                TridiagonalEigen.Top eig = TridiagonalEigen.top(alpha[r], beta[r], m + 1);
                double scale = eig.spectralRadius();
                double residual = b * Math.abs(eig.vector()[m]);
                boolean converged = residual <= o.tolerance() * scale || scale == 0;
                boolean breakdown = b <= 1e-12 * Math.max(scale, Double.MIN_NORMAL);
                boolean stop = o.fixedIterations() ? (k[r] >= K || breakdown) : (converged || breakdown || k[r] >= K);
                if (stop) {
                    double[] u = new double[D];
                    for (int j = 0; j <= m; j++) {
                        double s = eig.vector()[j];
                        double[] qj = q[r][j];
                        for (int e = 0; e < D; e++) {
                            u[e] += s * qj[e];
                        }
                    }
                    double un = Layout.norm(u, 0, D);
                    for (int e = 0; e < D; e++) {
                        u[e] /= un;
                    }
                    double ju = Layout.dot(grad, r * D, u, 0, D);
                    if (ju < 0) {
                        for (int e = 0; e < D; e++) {
                            u[e] = -u[e];
                        }
                        ju = -ju;
                    }
                    result[r] = new Curvature(eig.value(), u, ju, k[r], residual, converged || breakdown);
                    q[r] = null;
                } else {
                    beta[r][m] = b;
                    for (int e = 0; e < D; e++) {
                        w[e] /= b;
                    }
                    q[r][m + 1] = w;
                }
            }
        }
    }

    private double[] hutchinson(ProfileOptions o, long firstIndex) {
        final int D = steps * features;
        final int M = o.hutchinsonProbes();
        double[] sumSq = new double[n];
        SplittableRandom[] rnd = new SplittableRandom[n];
        for (int r = 0; r < n; r++) {
            rnd[r] = random(o.seed(), firstIndex + r, 2);
        }
        int perChunk = Math.max(1, MAX_ROWS / Math.max(1, n));
        for (int p0 = 0; p0 < M; p0 += perChunk) {
            int pc = Math.min(perChunk, M - p0);
            int rt = pc * n;
            double[] v = new double[rt * D];
            int[] map = new int[rt];
            for (int p = 0; p < pc; p++) {
                for (int r = 0; r < n; r++) {
                    int row = p * n + r;
                    map[row] = r;
                    for (int e = 0; e < D; e++) {
                        v[row * D + e] = rnd[r].nextBoolean() ? 1 : -1;
                    }
                }
            }
            double[] hv = hessianVector(v, rt, map, o.hvpMode());
            for (int row = 0; row < rt; row++) {
                double s = Layout.dot(hv, row * D, hv, row * D, D);
                sumSq[map[row]] += s;
            }
        }
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            out[r] = Math.sqrt(sumSq[r] / M);
        }
        return out;
    }

    /** Classes predicted at windows {@code xb} (batch-first, rows × D), in chunks. */
    private int[] classify(double[] xb, int rows) {
        final int D = steps * features, L = classes;
        int[] out = new int[rows];
        for (int start = 0; start < rows; start += MAX_ROWS) {
            int len = Math.min(MAX_ROWS, rows - start);
            double[] chunk = new double[len * D];
            System.arraycopy(xb, start * D, chunk, 0, len * D);
            double[] z = aux.forward(Layout.toTimeMajor(chunk, len, steps, features), steps, len);
            for (int r = 0; r < len; r++) {
                out[start + r] = argmax(z, r * L, L, -1);
            }
        }
        return out;
    }

    /**
     * Multi-class DeepFool (step to the nearest linearized class boundary, with 2% overshoot) until a
     * forward pass shows another class, then bisection along δ keeping only verified flips.
     */
    private AttackResult[] attack(int maxSteps) {
        final int D = steps * features, L = classes;
        double[] delta = new double[n * D];
        boolean[] flipped = new boolean[n];
        int[] after = new int[n];
        int[] used = new int[n];
        boolean[] givenUp = new boolean[n];
        for (int it = 0; it <= maxSteps; it++) {
            List<Integer> active = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                if (!flipped[r] && !givenUp[r]) {
                    active.add(r);
                }
            }
            if (active.isEmpty()) {
                break;
            }
            int na = active.size();
            double[] pts = new double[na * D];
            for (int i = 0; i < na; i++) {
                int r = active.get(i);
                for (int e = 0; e < D; e++) {
                    pts[i * D + e] = x[r * D + e] + delta[r * D + e];
                }
            }
            double[] z = aux.forward(Layout.toTimeMajor(pts, na, steps, features), steps, na).clone();
            List<Integer> still = new ArrayList<>();
            for (int i = 0; i < na; i++) {
                int r = active.get(i);
                int c = argmax(z, i * L, L, -1);
                if (c != predicted[r]) {
                    flipped[r] = true;
                    after[r] = c;
                    used[r] = it;
                } else {
                    still.add(i);
                }
            }
            if (still.isEmpty() || it == maxSteps) {
                break;
            }
            int rows = still.size() * (L - 1);
            double[] seed = new double[rows * L];
            int[] map = new int[rows];
            int row = 0;
            for (int i : still) {
                int k = predicted[active.get(i)];
                for (int l = 0; l < L; l++) {
                    if (l != k) {
                        seed[row * L + l] = 1;
                        seed[row * L + k] = -1;
                        map[row++] = i;
                    }
                }
            }
            double[] gt = new double[rows * D];
            aux.gradient(seed, rows, map, false, gt);
            double[] g = Layout.toBatchFirst(gt, rows, steps, features);
            row = 0;
            for (int i : still) {
                int r = active.get(i);
                int k = predicted[r];
                double best = Double.POSITIVE_INFINITY;
                int bestRow = -1;
                double bestGap = 0;
                double bestNormSq = 0;
                for (int l = 0; l < L; l++) {
                    if (l == k) {
                        continue;
                    }
                    double gap = z[i * L + k] - z[i * L + l];
                    double nsq = Layout.dot(g, row * D, g, row * D, D);
                    if (nsq > 0 && gap / Math.sqrt(nsq) < best) {
                        best = gap / Math.sqrt(nsq);
                        bestRow = row;
                        bestGap = gap;
                        bestNormSq = nsq;
                    }
                    row++;
                }
                if (bestRow < 0) {
                    givenUp[r] = true;
                    continue;
                }
                double s = (1 + OVERSHOOT) * (bestGap + 1e-9) / bestNormSq;
                for (int e = 0; e < D; e++) {
                    delta[r * D + e] += s * g[bestRow * D + e];
                }
            }
        }
        double[] lo = new double[n];
        double[] hi = new double[n];
        List<Integer> found = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            hi[r] = 1;
            if (flipped[r]) {
                found.add(r);
            }
        }
        for (int b = 0; b < BISECTION_STEPS && !found.isEmpty(); b++) {
            double[] pts = new double[found.size() * D];
            for (int i = 0; i < found.size(); i++) {
                int r = found.get(i);
                double mid = 0.5 * (lo[r] + hi[r]);
                for (int e = 0; e < D; e++) {
                    pts[i * D + e] = x[r * D + e] + mid * delta[r * D + e];
                }
            }
            int[] c = classify(pts, found.size());
            for (int i = 0; i < found.size(); i++) {
                int r = found.get(i);
                double mid = 0.5 * (lo[r] + hi[r]);
                if (c[i] != predicted[r]) {
                    hi[r] = mid;
                    after[r] = c[i];
                } else {
                    lo[r] = mid;
                }
            }
        }
        AttackResult[] out = new AttackResult[n];
        for (int r : found) {
            double[] d = new double[D];
            for (int e = 0; e < D; e++) {
                d[e] = hi[r] * delta[r * D + e];
            }
            out[r] = new AttackResult(Layout.norm(d, 0, D), d, after[r], used[r]);
        }
        return out;
    }

    private RandomDirectionResult[] randomDirections(ProfileOptions o, long firstIndex) {
        final int D = steps * features, S = o.directions();
        double[] radii = o.radii();
        double[] dirs = new double[n * S * D];
        for (int r = 0; r < n; r++) {
            SplittableRandom rnd = random(o.seed(), firstIndex + r, 3);
            for (int s = 0; s < S; s++) {
                int off = (r * S + s) * D;
                for (int e = 0; e < D; e++) {
                    dirs[off + e] = gaussian(rnd);
                }
                double norm = Layout.norm(dirs, off, D);
                for (int e = 0; e < D; e++) {
                    dirs[off + e] /= norm;
                }
            }
        }
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        int[][] counts = new int[radii.length][];
        for (int i = 0; i < radii.length; i++) {
            double[] rho = new double[n];
            java.util.Arrays.fill(rho, radii[i]);
            counts[i] = flips(dirs, S, rho, all);
        }
        double cap = 2 * radii[radii.length - 1];
        double[] capRho = new double[n];
        java.util.Arrays.fill(capRho, cap);
        int[] atCap = flips(dirs, S, capRho, all);
        double[] lo = new double[n];
        double[] hi = new double[n];
        boolean[] capped = new boolean[n];
        for (int r = 0; r < n; r++) {
            capped[r] = atCap[r] <= o.epsilon() * S;
            lo[r] = capped[r] ? cap : 0;
            hi[r] = cap;
        }
        int[] searching = java.util.stream.IntStream.range(0, n).filter(r -> !capped[r]).toArray();
        for (int step = 0; step < SAFE_RADIUS_STEPS && searching.length > 0; step++) {
            double[] mid = new double[n];
            for (int r = 0; r < n; r++) {
                mid[r] = 0.5 * (lo[r] + hi[r]);
            }
            int[] c = flips(dirs, S, mid, searching);
            for (int r : searching) {
                if (c[r] <= o.epsilon() * S) {
                    lo[r] = mid[r];
                } else {
                    hi[r] = mid[r];
                }
            }
        }
        RandomDirectionResult[] out = new RandomDirectionResult[n];
        for (int r = 0; r < n; r++) {
            double[] p = new double[radii.length];
            double[] pl = new double[radii.length];
            double[] pu = new double[radii.length];
            for (int i = 0; i < radii.length; i++) {
                p[i] = (double) counts[i][r] / S;
                double[] ci = RandomDirectionResult.wilson(counts[i][r], S);
                pl[i] = ci[0];
                pu[i] = ci[1];
            }
            out[r] = new RandomDirectionResult(radii.clone(), p, pl, pu, S, o.epsilon(), lo[r], capped[r]);
        }
        return out;
    }

    /** For each window, how many of its S directions flip the class at its radius rho[r]. */
    /** For the windows in {@code rows}: how many of their S directions, scaled by rho[r], change the class (0 for the others). */
    private int[] flips(double[] dirs, int S, double[] rho, int[] rows) {
        final int D = steps * features;
        double[] pts = new double[rows.length * S * D];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            for (int s = 0; s < S; s++) {
                int off = (r * S + s) * D;
                int to = (i * S + s) * D;
                for (int e = 0; e < D; e++) {
                    pts[to + e] = x[r * D + e] + rho[r] * dirs[off + e];
                }
            }
        }
        int[] c = classify(pts, rows.length * S);
        int[] counts = new int[n];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            for (int s = 0; s < S; s++) {
                if (c[i * S + s] != predicted[r]) {
                    counts[r]++;
                }
            }
        }
        return counts;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
