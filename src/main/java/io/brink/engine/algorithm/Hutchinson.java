package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;

import java.util.SplittableRandom;

/**
 * Hutchinson's estimate of each window's ‖∇²ₓg‖_F: √(mean over M Rademacher probes v of ‖Hv‖²), since
 * E[‖Hv‖²] = E[vᵀH²v] = tr(H²) = ‖H‖²_F for v with independent ±1 entries. Probes come from each window's
 * own stream and go through the Hessian operator many windows and probes at a time.
 */
public final class Hutchinson {

    /** @param probes M, Rademacher probes per window (at least 1) */
    public record Settings(int probes) {
        public Settings {
            if (probes < 1) {
                throw new IllegalArgumentException("Hutchinson needs at least 1 probe, got " + probes);
            }
        }
    }

    private final Device device;
    private final HessianOperator hessian;
    private final Settings settings;

    public Hutchinson(Device device, HessianOperator hessian, Settings settings) {
        this.device = device;
        this.hessian = hessian;
        this.settings = settings;
    }

    /** The estimates for n windows of {@code width} values each (same units as g per unit input², squared and rooted). */
    public double[] run(int n, int width, long seed, long firstIndex) {
        final int D = width, M = settings.probes();
        double[] sumSq = new double[n];
        SplittableRandom[] rnd = new SplittableRandom[n];
        for (int r = 0; r < n; r++) {
            rnd[r] = WindowRandom.stream(seed, firstIndex + r, WindowRandom.PROBES);
        }
        int perChunk = Math.max(1, HessianOperator.MAX_ROWS / Math.max(1, n));
        for (int p0 = 0; p0 < M; p0 += perChunk) {
            int pc = Math.min(perChunk, M - p0);
            int rt = pc * n;
            double[] v = new double[rt * D];
            int[] map = new int[rt];
            for (int p = 0; p < pc; p++) {
                for (int r = 0; r < n; r++) {
                    int row = p * n + r;
                    map[row] = r;
                    for (int e = 0; e < D; e++) {
                        v[row * D + e] = rnd[r].nextBoolean() ? 1 : -1;
                    }
                }
            }
            int[] all = Device.range(rt);
            try (Block probes = device.upload(v, 0, rt, D); Block hv = device.zeros(rt, D)) {
                hessian.apply(probes, map, hv);
                double[] s = device.dot(hv, all, hv, all);
                for (int row = 0; row < rt; row++) {
                    sumSq[map[row]] += s[row];
                }
            }
        }
        double[] out = new double[n];
        for (int r = 0; r < n; r++) {
            out[r] = Math.sqrt(sumSq[r] / M);
        }
        return out;
    }
}
