package io.brink.engine.device;

import java.util.SplittableRandom;

/**
 * The masks of MC dropout, drawn the same way on every device: row r's mask on the outputs of recurrent layer l comes
 * from a stream seeded by the row's seed and the layer, one draw per (step, unit) in that order, so a row's masks do
 * not depend on the batch it sits in or on the device.
 */
public final class DropoutMasks {

    private DropoutMasks() {
    }

    /**
     * Masks of layer {@code layer} for {@code rowSeeds.length} rows, time-major (index (t·rows + r)·hidden + u):
     * 1 keeps the unit (with probability 1 − rate), 0 drops it.
     */
    public static byte[] layer(long[] rowSeeds, int layer, int steps, int hidden, double rate) {
        int rows = rowSeeds.length;
        double keep = 1 - rate;
        byte[] mask = new byte[steps * rows * hidden];
        for (int r = 0; r < rows; r++) {
            SplittableRandom rnd = new SplittableRandom(rowSeeds[r] ^ ((layer + 1) * 0xD1B54A32D192ED03L));
            for (int t = 0; t < steps; t++) {
                int o = (t * rows + r) * hidden;
                for (int u = 0; u < hidden; u++) {
                    mask[o + u] = (byte) (rnd.nextDouble() < keep ? 1 : 0);
                }
            }
        }
        return mask;
    }
}
