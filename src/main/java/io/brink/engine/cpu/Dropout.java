package io.brink.engine.cpu;

import io.brink.engine.device.DropoutMasks;


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

    double rate() {
        return rate;
    }

    /** The row seeds of rows [from, from + n). */
    long[] rowSeeds(int from, int n) {
        return java.util.Arrays.copyOfRange(rowSeeds, from, from + n);
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
        byte[] mask = DropoutMasks.layer(rowSeeds, layer, steps, hidden, rate);
        for (int i = 0; i < steps * rows * hidden; i++) {
            out[i] = mask[i] != 0 ? h[i] / keep : 0;
        }
        return out;
    }
}
