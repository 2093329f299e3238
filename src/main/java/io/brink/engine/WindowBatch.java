package io.brink.engine;

import java.util.List;
import java.util.Optional;

/**
 * A batch of windows in the model's input space (normalized), batch-first: value (n, t, k) is at
 * {@code values[(n*steps + t)*features + k]}; with, per window, an optional Lanczos start vector (T·d
 * values, e.g. the previous window's eigenvector of the same series). An empty list means none at all.
 */
public record WindowBatch(double[] values, int count, int steps, int features, List<Optional<double[]>> startVectors) {

    public WindowBatch {
        if (count < 0 || steps < 1 || features < 1) {
            throw new IllegalArgumentException("bad batch shape " + count + "×" + steps + "×" + features);
        }
        if (values.length != count * steps * features) {
            throw new IllegalArgumentException("batch needs " + count * steps * features + " values, got " + values.length);
        }
        startVectors = List.copyOf(startVectors);
        if (!startVectors.isEmpty() && startVectors.size() != count) {
            throw new IllegalArgumentException("start vectors: one entry per window (" + count + "), got " + startVectors.size());
        }
    }

    /** A batch without start vectors. */
    public WindowBatch(double[] values, int count, int steps, int features) {
        this(values, count, steps, features, List.of());
    }

    /** Start vectors of windows {@code from .. to-1} (empty when the batch has none). */
    List<Optional<double[]>> startVectors(int from, int to) {
        return startVectors.isEmpty() ? List.of() : startVectors.subList(from, to);
    }

    /** The windows at {@code rows} (ascending), with their start vectors, as a batch of their own (a copy). */
    public WindowBatch select(int... rows) {
        int size = steps * features;
        double[] v = new double[rows.length * size];
        List<Optional<double[]>> starts = new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * size, v, i * size, size);
            if (!startVectors.isEmpty()) {
                starts.add(startVectors.get(rows[i]));
            }
        }
        return new WindowBatch(v, rows.length, steps, features, starts);
    }
}
