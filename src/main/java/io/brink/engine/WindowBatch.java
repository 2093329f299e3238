package io.brink.engine;

/**
 * A batch of windows in the model's input space (normalized), batch-first: value (n, t, k) is at
 * {@code values[(n*steps + t)*features + k]}.
 */
public record WindowBatch(double[] values, int count, int steps, int features) {

    public WindowBatch {
        if (count < 0 || steps < 1 || features < 1) {
            throw new IllegalArgumentException("bad batch shape " + count + "×" + steps + "×" + features);
        }
        if (values.length != count * steps * features) {
            throw new IllegalArgumentException("batch needs " + count * steps * features + " values, got " + values.length);
        }
    }
}
