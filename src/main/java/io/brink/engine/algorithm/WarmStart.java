package io.brink.engine.algorithm;

/**
 * Lanczos start vectors for consecutive windows of a series. The previous window's top eigenvector is
 * used as it is, position for position: the Hessian's dominant direction follows the model's recency
 * pattern (which steps of the window matter) more than the content of individual points. Measured on
 * the reference LSTM with stride 1, its |cosine| to the new window's eigenvector is 0.93 (i.i.d. noise
 * series) to 0.997 (AR(1) series, φ=0.98), against 0.73–0.75 for the same vector moved back by the stride.
 */
public final class WarmStart {

    private WarmStart() {
    }

    /** The start vector for the next window, from the previous window's eigenvector, if there is one. */
    public static java.util.Optional<double[]> fromPrevious(java.util.Optional<double[]> eigenvector) {
        return eigenvector.map(double[]::clone);
    }

    /** |cos| of the angle between a start vector and an eigenvector: 1 means the start is already the eigenvector. */
    public static double alignment(double[] start, double[] eigenvector) {
        int n = start.length;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += start[i] * eigenvector[i];
        }
        return Math.abs(dot) / (WindowRandom.norm(start, 0, n) * WindowRandom.norm(eigenvector, 0, n));
    }
}
