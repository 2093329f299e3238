package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The verified minimum-norm attack: multi-class DeepFool (a step to the nearest linearized class boundary,
 * with 2% overshoot) until a forward pass shows another class, then bisection along δ keeping only verified
 * flips, then boundary steps that shorten δ (each kept only when a forward pass verifies it). Every reported δ
 * changed the class in a forward pass, so ‖δ‖ is a true upper bound on the distance to the decision boundary; windows
 * where no flip is found within the budget report none.
 *
 * <p>Why this class is long: its phases (DeepFool search, bisection, boundary steps) and the hand-over of other
 * verified flips ({@link #refine}) all end in the one verified bisection, which stays private to this class so that
 * no flip leaves it unverified.
 */
public final class Attack {

    private static final double OVERSHOOT = 0.02;
    private static final int BISECTION_STEPS = 12;
    /** Rounds of boundary steps by default. */
    public static final int BOUNDARY_STEPS = 3;

    /**
     * @param steps         linearization steps at most
     * @param boundarySteps rounds of boundary steps from each flip found (0: none)
     */
    public record Settings(int steps, int boundarySteps) {
        public Settings {
            if (steps < 1 || boundarySteps < 0) {
                throw new IllegalArgumentException("the attack needs at least 1 step and no negative boundary steps, got " + steps
                        + " and " + boundarySteps);
            }
        }

        /** {@code steps} linearization steps and {@link #BOUNDARY_STEPS} rounds of boundary steps. */
        public Settings(int steps) {
            this(steps, BOUNDARY_STEPS);
        }
    }

    /** One window's DeepFool step: delta[window] += scale·gradient[gradientRow]. */
    private record Move(double scale, int gradientRow, int window) {
    }

    private final Device device;
    private final Tape tape;
    private final Settings settings;

    /** An attack running its forwards and gradients on {@code tape}. */
    public Attack(Device device, Tape tape, Settings settings) {
        this.device = device;
        this.tape = tape;
        this.settings = settings;
    }

    /** Attacks the n windows {@code x} whose predicted classes are {@code predicted}. */
    public AttackOutcome[] run(Block x, int n, int[] predicted) {
        final int D = x.width();
        try (Block delta = device.zeros(n, D)) {
            boolean[] flipped = new boolean[n];
            int[] after = new int[n];
            int[] used = new int[n];
            search(x, n, predicted, delta, flipped, after, used);
            return polish(x, n, predicted, bisect(x, n, predicted, delta, flipped, after, used));
        }
    }

    /**
     * Boundary steps from each verified flip δ₀ (the decoupled-direction idea of DDN/FMN, one linearization at a time):
     * with h = z_c − z_k̂ at x + δ₀ (c the class shown there, h ≥ 0) and g = ∇h, the shortest δ on the linearized
     * flipped side, g·δ ≥ g·δ₀ − h, is δ* = (g·δ₀ − h)·g/‖g‖², which is never longer than δ₀ (a projection); δ* (with
     * the overshoot) is kept only where a forward pass shows it flipped, and then shortened by bisection along it. So
     * a window's distance can only shrink, and every reported flip is still verified. {@link Settings#boundarySteps()}
     * rounds, fewer when a round shortens nothing.
     */
    private AttackOutcome[] polish(Block x, int n, int[] predicted, AttackOutcome[] found) {
        final int D = x.width(), L = device.outputs();
        AttackOutcome[] out = found.clone();
        for (int round = 0; round < settings.boundarySteps(); round++) {
            int[] rows = select(n, r -> out[r] instanceof AttackOutcome.Flip);
            int nf = rows.length;
            if (nf == 0) {
                return out;
            }
            double[] flat = new double[nf * D];
            int[] plus = new int[nf];
            int[] minus = new int[nf];
            for (int i = 0; i < nf; i++) {
                AttackOutcome.Flip f = (AttackOutcome.Flip) out[rows[i]];
                System.arraycopy(f.perturbation(), 0, flat, i * D, D);
                plus[i] = f.predictedAfter();
                minus[i] = predicted[rows[i]];
            }
            double[][] g;
            double[] z;
            try (Block d0 = device.upload(flat, 0, nf, D); Block pts = device.shifted(x, rows, d0, Device.range(nf), ones(nf));
                 Block grad = device.zeros(nf, D)) {
                z = tape.forward(pts, nf);
                tape.gradient(new Objective.LogitDifference(plus, minus), Device.range(nf), grad);
                g = device.downloadRows(grad, nf);
            }
            double[] cand = new double[n * D];
            boolean[] take = new boolean[n];
            for (int i = 0; i < nf; i++) {
                double h = z[i * L + plus[i]] - z[i * L + minus[i]], gd = 0, gg = 0;
                for (int q = 0; q < D; q++) {
                    gd += g[i][q] * flat[i * D + q];
                    gg += g[i][q] * g[i][q];
                }
                double b = gd - h;
                if (gg > 0 && b > 0 && Double.isFinite(b / gg)) {
                    double s = (1 + OVERSHOOT) * b / gg;
                    for (int q = 0; q < D; q++) {
                        cand[rows[i] * D + q] = s * g[i][q];
                    }
                    take[rows[i]] = true;
                }
            }
            AttackOutcome[] better = verifiedAlong(x, n, predicted, cand, take);
            boolean moved = false;
            for (int r = 0; r < n; r++) {
                if (better[r] instanceof AttackOutcome.Flip f && f.distance() < ((AttackOutcome.Flip) out[r]).distance()) {
                    AttackOutcome.Flip old = (AttackOutcome.Flip) out[r];
                    out[r] = new AttackOutcome.Flip(f.distance(), f.perturbation(), f.predictedAfter(), old.gradientSteps());
                    moved = true;
                }
            }
            if (!moved) {
                return out;
            }
        }
        return out;
    }

    /**
     * For the windows {@code take}, the smallest verified flip along the candidate δ rows of {@code cand} (n × D): a
     * forward pass first checks that δ itself flips, then bisection shortens it; windows whose δ does not flip get none.
     */
    private AttackOutcome[] verifiedAlong(Block x, int n, int[] predicted, double[] cand, boolean[] take) {
        final int D = x.width(), L = device.outputs();
        int[] rows = select(n, r -> take[r]);
        boolean[] flipped = new boolean[n];
        int[] after = new int[n];
        int[] used = new int[n];
        if (rows.length == 0) {
            return new AttackOutcome[n];
        }
        try (Block delta = device.upload(cand, 0, n, D)) {
            double[] z;
            try (Block pts = device.shifted(x, rows, delta, rows, ones(rows.length))) {
                z = tape.outputs(pts, rows.length);
            }
            for (int i = 0; i < rows.length; i++) {
                int c = Decision.flipFrom(z, i * L, L, predicted[rows[i]]);
                if (c >= 0) {
                    flipped[rows[i]] = true;
                    after[rows[i]] = c;
                }
            }
            return bisect(x, n, predicted, delta, flipped, after, used);
        }
    }

    /**
     * The attack's outcomes tightened by other verified flips (PGD's): where a candidate δ (a perturbation a forward
     * pass showed flipping window r to {@code candidateAfter[r]}) is shorter than the attack's flip, or the attack found
     * none, the window's flip becomes the smallest verified point of a bisection along that δ. Windows the attack did
     * not run on are left as they are. So {@code attack_distance} is never above the norm of any flip handed in.
     */
    public AttackOutcome[] refine(Block x, int n, int[] predicted, AttackOutcome[] current, double[][] candidates,
                                  int[] candidateAfter) {
        final int D = x.width();
        boolean[] take = new boolean[n];
        int[] after = new int[n];
        int[] used = new int[n];
        double[] flat = new double[n * D];
        boolean any = false;
        for (int r = 0; r < n; r++) {
            if (candidates[r] == null || current[r] instanceof AttackOutcome.NotRun) {
                continue;
            }
            double norm = 0;
            for (double v : candidates[r]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            double mine = current[r] instanceof AttackOutcome.Flip f ? f.distance() : Double.POSITIVE_INFINITY;
            if (norm < mine) {
                take[r] = true;
                any = true;
                after[r] = candidateAfter[r];
                used[r] = current[r] instanceof AttackOutcome.Flip f ? f.gradientSteps() : settings.steps();
                System.arraycopy(candidates[r], 0, flat, r * D, D);
            }
        }
        if (!any) {
            return current;
        }
        AttackOutcome[] refined;
        try (Block delta = device.upload(flat, 0, n, D)) {
            refined = bisect(x, n, predicted, delta, take, after, used);
        }
        AttackOutcome[] out = current.clone();
        boolean changed = false;
        for (int r = 0; r < n; r++) {
            if (take[r] && refined[r] instanceof AttackOutcome.Flip f
                    && (!(current[r] instanceof AttackOutcome.Flip c) || f.distance() < c.distance())) {
                out[r] = f;
                changed = true;
            }
        }
        return changed ? polish(x, n, predicted, out) : out;
    }

    /** DeepFool steps, accumulated in {@code delta}, until each window flips, gives up or the budget ends. */
    private void search(Block x, int n, int[] predicted, Block delta, boolean[] flipped, int[] after, int[] used) {
        final int D = x.width(), L = device.outputs(), maxSteps = settings.steps();
        boolean[] givenUp = new boolean[n];
        for (int it = 0; it <= maxSteps; it++) {
            int[] active = select(n, r -> !flipped[r] && !givenUp[r]);
            if (active.length == 0) {
                return;
            }
            int na = active.length;
            double[] z;
            try (Block pts = device.shifted(x, active, delta, active, ones(na))) {
                z = tape.forward(pts, na);
            }
            List<Integer> still = new ArrayList<>();
            for (int i = 0; i < na; i++) {
                int r = active[i];
                int c = Decision.flipFrom(z, i * L, L, predicted[r]);
                if (c >= 0) {
                    flipped[r] = true;
                    after[r] = c;
                    used[r] = it;
                } else if (finite(z, i * L, L)) {
                    still.add(i);
                } else {
                    givenUp[r] = true;
                }
            }
            if (still.isEmpty() || it == maxSteps) {
                return;
            }
            int rows = still.size() * (L - 1);
            int[] plus = new int[rows];
            int[] minus = new int[rows];
            int[] map = new int[rows];
            int row = 0;
            for (int i : still) {
                int k = predicted[active[i]];
                for (int l = 0; l < L; l++) {
                    if (l != k) {
                        plus[row] = l;
                        minus[row] = k;
                        map[row++] = i;
                    }
                }
            }
            try (Block g = device.zeros(rows, D)) {
                tape.gradient(new Objective.LogitDifference(plus, minus), map, g);
                int[] all = Device.range(rows);
                double[] normSq = device.dot(g, all, g, all);
                step(active, still, predicted, z, normSq, g, delta, givenUp);
            }
        }
    }

    /** Moves each still-unflipped window to its nearest linearized boundary (gradient rows in order, L − 1 per window). */
    private void step(int[] active, List<Integer> still, int[] predicted, double[] z, double[] normSq, Block g, Block delta,
                      boolean[] givenUp) {
        final int L = device.outputs();
        List<Move> moves = new ArrayList<>();
        int row = 0;
        for (int i : still) {
            int r = active[i];
            int k = predicted[r];
            double best = Double.POSITIVE_INFINITY;
            int bestRow = -1;
            double bestGap = 0;
            double bestNormSq = 0;
            for (int l = 0; l < L; l++) {
                if (l == k) {
                    continue;
                }
                double gap = z[i * L + k] - z[i * L + l];
                double nsq = normSq[row];
                if (nsq > 0 && gap / Math.sqrt(nsq) < best) {
                    best = gap / Math.sqrt(nsq);
                    bestRow = row;
                    bestGap = gap;
                    bestNormSq = nsq;
                }
                row++;
            }
            if (bestRow < 0) {
                givenUp[r] = true;
                continue;
            }
            double scale = (1 + OVERSHOOT) * (bestGap + 1e-9) / bestNormSq;
            if (!Double.isFinite(scale) || !Double.isFinite(scale * Math.sqrt(bestNormSq))) {
                givenUp[r] = true;
                continue;
            }
            moves.add(new Move(scale, bestRow, r));
        }
        int nm = moves.size();
        double[] s = new double[nm];
        int[] from = new int[nm];
        int[] to = new int[nm];
        for (int i = 0; i < nm; i++) {
            s[i] = moves.get(i).scale();
            from[i] = moves.get(i).gradientRow();
            to[i] = moves.get(i).window();
        }
        device.axpy(s, g, from, delta, to);
    }

    /** Bisection along δ between 0 and 1 for the flipped windows, keeping the smallest verified flip. */
    private AttackOutcome[] bisect(Block x, int n, int[] predicted, Block delta, boolean[] flipped, int[] after, int[] used) {
        final int L = device.outputs();
        int[] found = select(n, r -> flipped[r]);
        int nf = found.length;
        double[] lo = new double[nf];
        double[] hi = new double[nf];
        Arrays.fill(hi, 1);
        for (int b = 0; b < BISECTION_STEPS && nf > 0; b++) {
            double[] mid = new double[nf];
            for (int i = 0; i < nf; i++) {
                mid[i] = 0.5 * (lo[i] + hi[i]);
            }
            double[] z;
            try (Block pts = device.shifted(x, found, delta, found, mid)) {
                z = tape.outputs(pts, nf);
            }
            for (int i = 0; i < nf; i++) {
                int c = Decision.flipFrom(z, i * L, L, predicted[found[i]]);
                if (c >= 0) {
                    hi[i] = mid[i];
                    after[found[i]] = c;
                } else {
                    lo[i] = mid[i];
                }
            }
        }
        AttackOutcome[] out = new AttackOutcome[n];
        Arrays.fill(out, AttackOutcome.NO_FLIP);
        if (nf == 0) {
            return out;
        }
        int[] all = Device.range(nf);
        try (Block d = device.zeros(nf, x.width())) {
            device.copy(delta, found, d, all);
            device.scale(d, all, hi);
            double[] norms = device.norm(d, all);
            double[][] deltas = device.downloadRows(d, nf);
            for (int i = 0; i < nf; i++) {
                int r = found[i];
                out[r] = new AttackOutcome.Flip(norms[i], deltas[i], after[r], used[r]);
            }
        }
        return out;
    }

    private static boolean finite(double[] z, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(z[off + i])) {
                return false;
            }
        }
        return true;
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        Arrays.fill(o, 1);
        return o;
    }

    private static int[] select(int n, java.util.function.IntPredicate keep) {
        return java.util.stream.IntStream.range(0, n).filter(keep).toArray();
    }
}
