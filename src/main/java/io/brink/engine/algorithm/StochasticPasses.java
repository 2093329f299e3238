package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Tape;

/**
 * S stochastic forward passes per window for test-time uncertainty: Gaussian input noise x + σ·ε (ε ~ N(0, I) in
 * the normalized input space, random self-ensemble) or MC dropout. Row (window r, pass s)'s noise or masks come
 * from window r's own stream, so results do not depend on the batch's slicing. Returns the passes' softmax
 * probabilities, (n × S × C).
 */
public final class StochasticPasses {

    private final Device device;
    private final Tape tape;

    /** Passes run on {@code tape} (replacing its cache). */
    public StochasticPasses(Device device, Tape tape) {
        this.device = device;
        this.tape = tape;
    }

    /** Softmax probabilities of S noisy passes of each of the n windows {@code x}; window r has batch index {@code firstIndex + r}. */
    public double[] noise(Block x, int n, int passes, double sigma, long seed, long firstIndex) {
        final int D = x.width(), m = n * passes;
        double[] eps = new double[m * D];
        for (int r = 0; r < n; r++) {
            var rnd = WindowRandom.stream(seed, firstIndex + r, WindowRandom.NOISE);
            for (int i = r * passes * D, end = i + passes * D; i < end; i++) {
                eps[i] = WindowRandom.gaussian(rnd);
            }
        }
        double[] scale = new double[m];
        java.util.Arrays.fill(scale, sigma);
        try (Block e = device.upload(eps, 0, m, D); Block pts = device.shifted(x, repeated(n, passes), e, Device.range(m), scale)) {
            return PredictiveSpread.softmaxRows(tape.outputs(pts, m), m, device.outputs());
        }
    }

    /** Softmax probabilities of S MC-dropout passes of each of the n windows {@code x}. */
    public double[] dropout(Block x, int n, int passes, double rate, int[] layers, long seed, long firstIndex) {
        final int m = n * passes;
        long[] seeds = new long[m];
        for (int r = 0; r < n; r++) {
            var rnd = WindowRandom.stream(seed, firstIndex + r, WindowRandom.DROPOUT);
            for (int s = 0; s < passes; s++) {
                seeds[r * passes + s] = rnd.nextLong();
            }
        }
        try (Block pts = device.zeros(m, x.width())) {
            device.copy(x, repeated(n, passes), pts, Device.range(m));
            return PredictiveSpread.softmaxRows(tape.dropoutOutputs(pts, m, rate, layers, seeds), m, device.outputs());
        }
    }

    private static int[] repeated(int n, int passes) {
        int[] rows = new int[n * passes];
        for (int r = 0; r < n; r++) {
            java.util.Arrays.fill(rows, r * passes, (r + 1) * passes, r);
        }
        return rows;
    }
}
