package io.brink.engine;

/**
 * Start vectors for consecutive windows of a series: the previous window's top eigenvector moved
 * {@code stride} steps back in time (the oldest steps fall off, the newest are zero), since the new
 * window is the old one shifted by {@code stride} points.
 */
public final class WarmStart {

    private WarmStart() {
    }

    /** The eigenvector shifted by {@code stride} steps of {@code features} values, or null if nothing is left. */
    public static double[] shift(double[] eigenvector, int stride, int features) {
        int len = eigenvector.length;
        int drop = stride * features;
        if (drop >= len) {
            return null;
        }
        double[] out = new double[len];
        System.arraycopy(eigenvector, drop, out, 0, len - drop);
        return out;
    }
}
