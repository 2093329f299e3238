package io.brink.engine.cpu;

import java.util.SplittableRandom;

/**
 * Inverted dropout for MC-dropout passes: each output unit of a named recurrent layer, at each step, is kept with
 * probability 1 − rate and then scaled by 1/(1 − rate), or zeroed. Row r's masks come from its own stream, seeded by
 * {@code rowSeeds[r]} and the layer, drawn step by step and unit by unit, so a row's masks do not depend on the batch.
 */
final class Dropout {

    private final double rate;
    private final boolean[] layers;
    private final long[] rowSeeds;
    private double[][] masked = new double[0][];

    /** Dropout of {@code rate} on the layers flagged in {@code layers}, row streams seeded by {@code rowSeeds}. */
    Dropout(double rate, boolean[] layers, long[] rowSeeds) {
        this.rate = rate;
        this.layers = layers.clone();
        this.rowSeeds = rowSeeds.clone();
    }

    boolean drops(int layer) {
        return layer < layers.length && layers[layer];
    }

    /** A dropped-out copy of layer {@code layer}'s output h (time-major T × rows × hidden). */
    double[] apply(int layer, double[] h, int steps, int rows, int hidden) {
        if (masked.length <= layer) {
            masked = java.util.Arrays.copyOf(masked, layer + 1);
        }
        double[] out = masked[layer] = RecurrentKernel.ensure(masked[layer] == null ? new double[0] : masked[layer],
                steps * rows * hidden);
        double keep = 1 - rate;
        for (int r = 0; r < rows; r++) {
            SplittableRandom rnd = new SplittableRandom(rowSeeds[r] ^ ((layer + 1) * 0xD1B54A32D192ED03L));
            for (int t = 0; t < steps; t++) {
                int o = (t * rows + r) * hidden;
                for (int u = 0; u < hidden; u++) {
                    out[o + u] = rnd.nextDouble() < keep ? h[o + u] / keep : 0;
                }
            }
        }
        return out;
    }
}
