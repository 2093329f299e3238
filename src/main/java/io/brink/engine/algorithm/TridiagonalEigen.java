package io.brink.engine.algorithm;

/**
 * The top eigenpair of a symmetric tridiagonal matrix (the Lanczos matrix T), without a full
 * decomposition: the algebraically largest and smallest eigenvalues by Sturm-sequence bisection to
 * machine precision, and the top eigenvector by inverse iteration with a pivoted tridiagonal solve.
 * O(n) per bisection step and per solve, against O(n³) per sweep for dense Jacobi rotations.
 */
final class TridiagonalEigen {

    /** The algebraically largest eigenvalue, the spectral radius and the unit eigenvector of the former. */
    record Top(double value, double spectralRadius, double[] vector) {
    }

    private static final double EPS = Math.ulp(1.0);

    private TridiagonalEigen() {
    }

    /** For T with diagonal {@code alpha[0..n-1]} and off-diagonal {@code beta[0..n-2]}. */
    static Top top(double[] alpha, double[] beta, int n) {
        if (n == 1) {
            return new Top(alpha[0], Math.abs(alpha[0]), new double[] {1});
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double maxB2 = 0;
        for (int j = 0; j < n; j++) {
            double radius = (j > 0 ? Math.abs(beta[j - 1]) : 0) + (j < n - 1 ? Math.abs(beta[j]) : 0);
            lo = Math.min(lo, alpha[j] - radius);
            hi = Math.max(hi, alpha[j] + radius);
            if (j < n - 1) {
                maxB2 = Math.max(maxB2, beta[j] * beta[j]);
            }
        }
        double pivmin = Double.MIN_NORMAL * Math.max(1, maxB2);
        double largest = bisect(alpha, beta, n, lo, hi, n, pivmin);
        double smallest = bisect(alpha, beta, n, lo, hi, 1, pivmin);
        double scale = Math.max(Math.abs(lo), Math.abs(hi));
        return new Top(largest, Math.max(Math.abs(largest), Math.abs(smallest)), inverseIteration(alpha, beta, n, largest, scale));
    }

    /** Number of eigenvalues below x, from the signs of the LDLᵀ pivots of T − xI. */
    private static int countBelow(double[] alpha, double[] beta, int n, double x, double pivmin) {
        int count = 0;
        double d = alpha[0] - x;
        for (int j = 0; ; j++) {
            if (Math.abs(d) < pivmin) {
                d = -pivmin;
            }
            if (d < 0) {
                count++;
            }
            if (j == n - 1) {
                return count;
            }
            d = alpha[j + 1] - x - beta[j] * beta[j] / d;
        }
    }

    /** The k-th smallest eigenvalue (k = 1..n), inside the Gershgorin interval [lo, hi]. */
    private static double bisect(double[] alpha, double[] beta, int n, double lo, double hi, int k, double pivmin) {
        double scale = Math.max(Math.abs(lo), Math.abs(hi));
        double a = lo - EPS * scale - pivmin;
        double b = hi + EPS * scale + pivmin;
        // invariant: fewer than k eigenvalues below a, at least k below b
        for (int it = 0; it < 200 && b - a > 2 * EPS * Math.max(Math.abs(a), Math.abs(b)) + pivmin; it++) {
            double mid = 0.5 * (a + b);
            if (countBelow(alpha, beta, n, mid, pivmin) >= k) {
                b = mid;
            } else {
                a = mid;
            }
        }
        return 0.5 * (a + b);
    }

    /** Unit eigenvector for the eigenvalue {@code theta}: three solves with T − θI (LU with partial pivoting). */
    private static double[] inverseIteration(double[] alpha, double[] beta, int n, double theta, double scale) {
        double tiny = EPS * Math.max(scale, Double.MIN_NORMAL);
        double[] dl = new double[n - 1];
        double[] d = new double[n];
        double[] du = new double[n - 1];
        double[] du2 = new double[Math.max(0, n - 2)];
        boolean[] swapped = new boolean[n - 1];
        for (int j = 0; j < n; j++) {
            d[j] = alpha[j] - theta;
        }
        System.arraycopy(beta, 0, dl, 0, n - 1);
        System.arraycopy(beta, 0, du, 0, n - 1);
        for (int i = 0; i < n - 1; i++) {
            if (Math.abs(d[i]) >= Math.abs(dl[i])) {
                if (d[i] == 0) {
                    d[i] = tiny;
                }
                double f = dl[i] / d[i];
                dl[i] = f;
                d[i + 1] -= f * du[i];
            } else {
                double f = d[i] / dl[i];
                d[i] = dl[i];
                dl[i] = f;
                double t = du[i];
                du[i] = d[i + 1];
                d[i + 1] = t - f * d[i + 1];
                if (i < n - 2) {
                    du2[i] = du[i + 1];
                    du[i + 1] = -f * du[i + 1];
                }
                swapped[i] = true;
            }
        }
        if (d[n - 1] == 0) {
            d[n - 1] = tiny;
        }
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            y[j] = 1 + 0.1 * ((j * 7) % 11) / 11.0;
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n - 1; i++) {
                if (swapped[i]) {
                    double t = y[i];
                    y[i] = y[i + 1];
                    y[i + 1] = t - dl[i] * y[i + 1];
                } else {
                    y[i + 1] -= dl[i] * y[i];
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                if (i < n - 1) {
                    s -= du[i] * y[i + 1];
                }
                if (i < n - 2) {
                    s -= du2[i] * y[i + 2];
                }
                y[i] = s / d[i];
            }
            double norm = 0;
            for (double v : y) {
                norm = Math.max(norm, Math.abs(v));
            }
            for (int j = 0; j < n; j++) {
                y[j] /= norm;
            }
        }
        double norm = 0;
        for (double v : y) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < n; j++) {
            y[j] /= norm;
        }
        return y;
    }
}
