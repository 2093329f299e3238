package io.brink.engine.cpu;

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

    /** Writes the batch-first form of the first rows × T × d time-major values into {@code out}. */
    static void toBatchFirst(double[] timeMajor, int rows, int steps, int features, double[] out) {
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(timeMajor, (t * rows + r) * features, out, (r * steps + t) * features, features);
            }
        }
    }
}
