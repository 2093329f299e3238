package io.brink.model.bounds;

import io.brink.model.SequenceClassifier;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Attacks on the reference forward for the soundness tests: random points, PGD with random starts, dense direction scans. */
final class Attacks {

    private Attacks() {
    }

    /** A float64 reference forward: the logits of one window (batch-first T·d values). */
    interface Forward {
        double[] logits(double[] x);
    }

    static Forward of(SequenceClassifier m, int T) {
        return x -> ReferenceForward.logits(m, x, T);
    }

    static void assertNoFlip(SequenceClassifier m, double[] x, int T, int k, Norm norm, double r, Random rnd, String where) {
        assertNoFlip(of(m, T), x, k, norm, r, rnd, where);
    }

    static double smallestFlipAlongDirections(SequenceClassifier m, double[] x, int T, int k, int directions, Random rnd) {
        return smallestFlipAlongDirections(of(m, T), x, k, directions, rnd);
    }

    /**
     * Asserts that no point found within radius r (random points on the sphere or box surface, 20 PGD runs × 100 steps
     * from random starts, gradients by central differences) changes the class from k.
     */
    static void assertNoFlip(Forward m, double[] x, int k, Norm norm, double r, Random rnd, String where) {
        int D = x.length;
        for (int s = 0; s < 500; s++) {
            double[] delta = randomOnSurface(D, norm, r, rnd);
            assertEquals(k, classAt(m, x, delta), where + ": a random point flips");
        }
        for (int start = 0; start < 20; start++) {
            double[] delta = randomOnSurface(D, norm, r * rnd.nextDouble(), rnd);
            double step = 2.5 * r / 100;
            for (int it = 0; it < 100; it++) {
                double[] g = gradientOfWorstMargin(m, x, delta, k);
                if (norm == Norm.L2) {
                    double n = 0;
                    for (double v : g) {
                        n += v * v;
                    }
                    n = Math.sqrt(n);
                    if (n == 0) {
                        break;
                    }
                    for (int i = 0; i < D; i++) {
                        delta[i] -= step * g[i] / n;
                    }
                    project(delta, Norm.L2, r);
                } else {
                    for (int i = 0; i < D; i++) {
                        delta[i] -= step * Math.signum(g[i]);
                    }
                    project(delta, Norm.LINF, r);
                }
                assertEquals(k, classAt(m, x, delta), where + ": PGD flips from start " + start + " at step " + it);
            }
        }
    }

    /** The smallest radius at which any of {@code directions} random directions (L2) flips the class: a scan, then bisection. */
    static double smallestFlipAlongDirections(Forward m, double[] x, int k, int directions, Random rnd) {
        int D = x.length;
        double best = Double.POSITIVE_INFINITY;
        for (int s = 0; s < directions; s++) {
            double[] u = randomOnSurface(D, Norm.L2, 1, rnd);
            double lo = 0, hi = Double.NaN;
            for (double r = 0.02; r <= Math.min(8, best); r *= 1.15) {
                if (classAt(m, x, scaled(u, r)) != k) {
                    hi = r;
                    break;
                }
                lo = r;
            }
            if (Double.isNaN(hi)) {
                continue;
            }
            for (int b = 0; b < 40; b++) {
                double mid = 0.5 * (lo + hi);
                if (classAt(m, x, scaled(u, mid)) != k) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            best = Math.min(best, hi);
        }
        return best;
    }

    private static double[] scaled(double[] u, double r) {
        double[] d = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            d[i] = u[i] * r;
        }
        return d;
    }

    static int classAt(Forward m, double[] x, double[] delta) {
        double[] p = x.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += delta[i];
        }
        return ReferenceForward.argmax(m.logits(p));
    }

    /** ∇δ of min_j (z_k − z_j) at x + δ, by central differences. */
    private static double[] gradientOfWorstMargin(Forward m, double[] x, double[] delta, int k) {
        int D = x.length;
        double[] g = new double[D];
        double h = 1e-6;
        for (int i = 0; i < D; i++) {
            double keep = delta[i];
            delta[i] = keep + h;
            double up = worstMargin(m, x, delta, k);
            delta[i] = keep - h;
            double down = worstMargin(m, x, delta, k);
            delta[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    private static double worstMargin(Forward m, double[] x, double[] delta, int k) {
        double[] p = x.clone();
        for (int i = 0; i < p.length; i++) {
            p[i] += delta[i];
        }
        double[] z = m.logits(p);
        double w = Double.POSITIVE_INFINITY;
        for (int j = 0; j < z.length; j++) {
            if (j != k) {
                w = Math.min(w, z[k] - z[j]);
            }
        }
        return w;
    }

    private static double[] randomOnSurface(int D, Norm norm, double r, Random rnd) {
        double[] d = new double[D];
        if (norm == Norm.LINF) {
            for (int i = 0; i < D; i++) {
                d[i] = rnd.nextBoolean() ? r : -r;
            }
            if (rnd.nextBoolean()) {
                d[rnd.nextInt(D)] *= rnd.nextDouble();
            }
            return d;
        }
        double n = 0;
        for (int i = 0; i < D; i++) {
            d[i] = rnd.nextGaussian();
            n += d[i] * d[i];
        }
        n = Math.sqrt(n);
        for (int i = 0; i < D; i++) {
            d[i] *= r / n;
        }
        return d;
    }

    private static void project(double[] delta, Norm norm, double r) {
        if (norm == Norm.LINF) {
            for (int i = 0; i < delta.length; i++) {
                delta[i] = Math.max(-r, Math.min(r, delta[i]));
            }
            return;
        }
        double n = 0;
        for (double v : delta) {
            n += v * v;
        }
        n = Math.sqrt(n);
        if (n > r) {
            for (int i = 0; i < delta.length; i++) {
                delta[i] *= r / n;
            }
        }
    }
}
