package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Tape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How often random perturbations of a given size flip each window's class: S directions v per window,
 * uniform on the unit sphere (normalized Gaussian vectors from the window's stream), classified at x + ρv
 * for each radius ρ; and the safe radius, the largest radius whose observed flip fraction stays ≤ ε, by
 * bisection over the same directions between 0 and a cap of twice the largest radius. All estimates are
 * Monte Carlo, with 95% Wilson intervals.
 */
public final class RandomDirections {

    private static final int SAFE_RADIUS_STEPS = 6;

    /**
     * @param radii      radii ρ, positive (sorted on construction; at least one)
     * @param directions directions S per window
     * @param epsilon    the flip fraction that defines the safe radius, in (0, 1)
     */
    public record Settings(double[] radii, int directions, double epsilon) {
        public Settings {
            radii = radii.clone();
            if (radii.length == 0) {
                throw new IllegalArgumentException("random directions need at least one radius");
            }
            for (double r : radii) {
                if (!(r > 0)) {
                    throw new IllegalArgumentException("radii must be positive, got " + r);
                }
            }
            Arrays.sort(radii);
            if (directions < 1) {
                throw new IllegalArgumentException("random directions need at least 1 direction, got " + directions);
            }
            if (!(epsilon > 0 && epsilon < 1)) {
                throw new IllegalArgumentException("epsilon must lie in (0, 1), got " + epsilon);
            }
        }

        @Override
        public double[] radii() {
            return radii.clone();
        }
    }

    private final Device device;
    private final Tape tape;
    private final Settings settings;

    /** Classifies the perturbed windows on {@code tape}. */
    public RandomDirections(Device device, Tape tape, Settings settings) {
        this.device = device;
        this.tape = tape;
        this.settings = settings;
    }

    /** The estimates for the n windows {@code x} predicted as {@code predicted}. */
    public FlipProbabilities[] run(Block x, int n, int[] predicted, long seed, long firstIndex) {
        final int D = x.width(), S = settings.directions();
        double[] radii = settings.radii();
        double eps = settings.epsilon();
        try (Block dirs = device.upload(directions(n, D, seed, firstIndex), 0, n * S, D)) {
            int[] all = Device.range(n);
            int[][] counts = new int[radii.length][];
            for (int i = 0; i < radii.length; i++) {
                counts[i] = flips(x, dirs, filled(n, radii[i]), all, predicted);
            }
            double cap = 2 * radii[radii.length - 1];
            int[] atCap = flips(x, dirs, filled(n, cap), all, predicted);
            double[] lo = new double[n];
            double[] hi = new double[n];
            boolean[] capped = new boolean[n];
            for (int r = 0; r < n; r++) {
                capped[r] = atCap[r] <= eps * S;
                lo[r] = capped[r] ? cap : 0;
                hi[r] = cap;
            }
            int[] searching = java.util.stream.IntStream.range(0, n).filter(r -> !capped[r]).toArray();
            for (int step = 0; step < SAFE_RADIUS_STEPS && searching.length > 0; step++) {
                double[] mid = new double[n];
                for (int r = 0; r < n; r++) {
                    mid[r] = 0.5 * (lo[r] + hi[r]);
                }
                int[] c = flips(x, dirs, mid, searching, predicted);
                for (int r : searching) {
                    if (c[r] <= eps * S) {
                        lo[r] = mid[r];
                    } else {
                        hi[r] = mid[r];
                    }
                }
            }
            FlipProbabilities[] out = new FlipProbabilities[n];
            for (int r = 0; r < n; r++) {
                List<FlipProbabilities.Rate> rates = new ArrayList<>(radii.length);
                for (int i = 0; i < radii.length; i++) {
                    double[] ci = FlipProbabilities.wilson(counts[i][r], S);
                    rates.add(new FlipProbabilities.Rate(radii[i], (double) counts[i][r] / S, ci[0], ci[1]));
                }
                out[r] = new FlipProbabilities(rates, S, new FlipProbabilities.SafeRadius(eps, lo[r], capped[r]));
            }
            return out;
        }
    }

    /** S unit directions per window, window-major: direction s of window r at row r·S + s. */
    private double[] directions(int n, int D, long seed, long firstIndex) {
        final int S = settings.directions();
        double[] dirs = new double[n * S * D];
        for (int r = 0; r < n; r++) {
            SplittableRandom rnd = WindowRandom.stream(seed, firstIndex + r, WindowRandom.DIRECTIONS);
            for (int s = 0; s < S; s++) {
                int off = (r * S + s) * D;
                for (int e = 0; e < D; e++) {
                    dirs[off + e] = WindowRandom.gaussian(rnd);
                }
                double norm = WindowRandom.norm(dirs, off, D);
                for (int e = 0; e < D; e++) {
                    dirs[off + e] /= norm;
                }
            }
        }
        return dirs;
    }

    /** For the windows in {@code rows}: how many of their S directions, scaled by rho[r], change the class (0 for the others). */
    private int[] flips(Block x, Block dirs, double[] rho, int[] rows, int[] predicted) {
        final int S = settings.directions(), L = device.outputs(), m = rows.length * S;
        int[] windowRows = new int[m];
        int[] dirRows = new int[m];
        double[] scale = new double[m];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            for (int s = 0; s < S; s++) {
                windowRows[i * S + s] = r;
                dirRows[i * S + s] = r * S + s;
                scale[i * S + s] = rho[r];
            }
        }
        double[] z;
        try (Block pts = device.shifted(x, windowRows, dirs, dirRows, scale)) {
            z = tape.outputs(pts, m);
        }
        int[] counts = new int[predicted.length];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            for (int s = 0; s < S; s++) {
                if (Decision.argmax(z, (i * S + s) * L, L, -1) != predicted[r]) {
                    counts[r]++;
                }
            }
        }
        return counts;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
