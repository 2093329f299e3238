package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * L2 projected gradient ascent (PGD, Madry et al. 2018) at fixed radii: for each radius ε, from δ = 0, K steps
 * δ ← Π_ε(δ + α·∇g/‖∇g‖) with α = 2.5·ε/K, where g = z_j − z_k̂ is the logit margin objective with j the runner-up at
 * the current point and Π_ε the projection onto the L2 ball of radius ε (input units after the card's normalization).
 * A window counts as flipped at ε when a forward pass at x + δ, ‖δ‖ ≤ ε, shows another class than k̂: every flip is
 * verified, so the share of windows PGD does not flip is an upper bound on the share no perturbation of norm ε flips.
 * A window flipped at one radius is flipped at every larger one and is not attacked again.
 */
public final class Pgd {

    /**
     * @param radii the radii ε, ascending and positive
     * @param steps projected gradient steps K per radius
     */
    public record Settings(double[] radii, int steps) {
        public Settings {
            if (radii.length == 0 || steps < 1) {
                throw new IllegalArgumentException("PGD needs at least one radius and one step");
            }
            radii = radii.clone();
            for (int i = 0; i < radii.length; i++) {
                if (!(radii[i] > 0) || (i > 0 && radii[i] <= radii[i - 1])) {
                    throw new IllegalArgumentException("PGD radii must be positive and ascending, got " + Arrays.toString(radii));
                }
            }
        }
    }

    /** Whether PGD flipped the window within {@code radius}. */
    public record Flip(double radius, boolean flipped) {
    }

    /**
     * Per window, per radius, whether PGD flipped it; and for each flipped window the δ of its first verified flip
     * (‖δ‖ ≤ the first flipping radius) and the class shown there, else null and −1.
     */
    public record Result(List<List<Flip>> flips, double[][] perturbations, int[] after) {
    }

    private final Device device;
    private final Tape tape;
    private final Settings settings;

    /** PGD running its forwards and gradients on {@code tape}. */
    public Pgd(Device device, Tape tape, Settings settings) {
        this.device = device;
        this.tape = tape;
        this.settings = settings;
    }

    /** Per window, per radius (ascending): whether PGD flipped it from class {@code predicted[r]}, and the flips' δ. */
    public Result run(Block x, int n, int[] predicted) {
        final int D = x.width(), L = device.outputs(), R = settings.radii().length, K = settings.steps();
        boolean[][] flipped = new boolean[n][R];
        double[][] perturbations = new double[n][];
        int[] after = new int[n];
        Arrays.fill(after, -1);
        List<Integer> remaining = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            remaining.add(r);
        }
        for (int k = 0; k < R && !remaining.isEmpty(); k++) {
            double eps = settings.radii()[k], alpha = 2.5 * eps / K;
            int[] windows = remaining.stream().mapToInt(Integer::intValue).toArray();
            int m = windows.length;
            try (Block delta = device.zeros(m, D)) {
                int[] active = Device.range(m);
                for (int step = 0; step <= K && active.length > 0; step++) {
                    int na = active.length;
                    int[] xRows = new int[na];
                    for (int i = 0; i < na; i++) {
                        xRows[i] = windows[active[i]];
                    }
                    try (Block pts = device.shifted(x, xRows, delta, active, ones(na))) {
                        double[] z = tape.forward(pts, na);
                        List<Integer> still = new ArrayList<>();
                        List<Integer> flips = new ArrayList<>();
                        for (int i = 0; i < na; i++) {
                            int w = windows[active[i]];
                            int c = Decision.flipFrom(z, i * L, L, predicted[w]);
                            if (c >= 0) {
                                for (int kk = k; kk < R; kk++) {
                                    flipped[w][kk] = true;
                                }
                                after[w] = c;
                                flips.add(i);
                            } else {
                                still.add(i);
                            }
                        }
                        keep(flips, active, windows, delta, perturbations, D);
                        if (step == K || still.isEmpty()) {
                            break;
                        }
                        active = step(z, still, active, windows, predicted, delta, eps, alpha, L, D);
                    }
                }
            }
            int done = k;
            remaining.removeIf(w -> flipped[w][done]);
        }
        List<List<Flip>> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            List<Flip> f = new ArrayList<>(R);
            for (int k = 0; k < R; k++) {
                f.add(new Flip(settings.radii()[k], flipped[r][k]));
            }
            out.add(List.copyOf(f));
        }
        return new Result(out, perturbations, after);
    }

    /** Downloads the δ rows of the windows that flipped in this forward ({@code flips}: indices into it). */
    private void keep(List<Integer> flips, int[] active, int[] windows, Block delta, double[][] perturbations, int D) {
        if (flips.isEmpty()) {
            return;
        }
        int nf = flips.size();
        int[] rows = new int[nf];
        for (int i = 0; i < nf; i++) {
            rows[i] = active[flips.get(i)];
        }
        try (Block d = device.zeros(nf, D)) {
            device.copy(delta, rows, d, Device.range(nf));
            double[][] got = device.downloadRows(d, nf);
            for (int i = 0; i < nf; i++) {
                perturbations[windows[rows[i]]] = got[i];
            }
        }
    }

    /**
     * One projected step for the rows {@code still} (indices into the forward just made, whose δ rows are
     * {@code active[i]}); returns the δ rows still attacked.
     */
    private int[] step(double[] z, List<Integer> still, int[] active, int[] windows, int[] predicted, Block delta, double eps,
                       double alpha, int L, int D) {
        int ns = still.size();
        int[] map = new int[ns];
        int[] plus = new int[ns];
        int[] minus = new int[ns];
        int[] rows = new int[ns];
        for (int i = 0; i < ns; i++) {
            int f = still.get(i);
            map[i] = f;
            rows[i] = active[f];
            minus[i] = predicted[windows[active[f]]];
            // Not flipped, so the current argmax is k̂ and Decision's runner-up is the best other class.
            plus[i] = Decision.of(z, f * L, L).runnerUp();
        }
        try (Block g = device.zeros(ns, D)) {
            tape.gradient(new Objective.LogitDifference(plus, minus), map, g);
            int[] all = Device.range(ns);
            double[] norms = device.norm(g, all);
            double[] scale = new double[ns];
            for (int i = 0; i < ns; i++) {
                scale[i] = norms[i] > 0 && Double.isFinite(norms[i]) ? alpha / norms[i] : 0;
            }
            device.axpy(scale, g, all, delta, rows);
        }
        double[] dn = device.norm(delta, rows);
        double[] shrink = new double[ns];
        for (int i = 0; i < ns; i++) {
            shrink[i] = dn[i] > eps ? eps / dn[i] : 1;
        }
        device.scale(delta, rows, shrink);
        return rows;
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }
}
