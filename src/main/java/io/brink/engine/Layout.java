package io.brink.engine;

/** Conversions between batch-first (rows × T × d) and time-major (T × rows × d) layouts. */
final class Layout {

    private Layout() {
    }

    static double[] toTimeMajor(double[] batchFirst, int rows, int steps, int features) {
        double[] out = new double[rows * steps * features];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(batchFirst, (r * steps + t) * features, out, (t * rows + r) * features, features);
            }
        }
        return out;
    }

    static double[] toBatchFirst(double[] timeMajor, int rows, int steps, int features) {
        double[] out = new double[rows * steps * features];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(timeMajor, (t * rows + r) * features, out, (r * steps + t) * features, features);
            }
        }
        return out;
    }

    static double dot(double[] a, int aOff, double[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    static double norm(double[] a, int off, int n) {
        return Math.sqrt(dot(a, off, a, off, n));
    }
}
