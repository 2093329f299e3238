package io.brink.calibration;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A cap on abstentions where sets are given: at most a share b of the last n sets a scorer gave may hold every class.
 * A full set that a calibrated rule ({@code THRESHOLD} or {@code PENALIZED}) makes while the budget is spent loses its
 * least likely class (the top class always stays). Sets of the {@code ALL} rule (no calibration yet) are not cut: they say
 * "nothing is known", and they count against the budget like any full set.
 *
 * <p>What it costs: while the budget binds, coverage can fall below the target (the outcomes judged by the cut sets
 * count as misses, and the rule's offset moves up for them, so that coverage is made up once the budget frees). The
 * conformal guarantee holds over any stretch in which it does not bind. Each scorer keeps its own budget in memory (a
 * restart begins with an empty one); the share over several scorers is at most b as well. Not thread-safe.
 */
public final class FullSetBudget {

    private final double share;
    private final int window;
    private final Deque<Boolean> given = new ArrayDeque<>();
    private int full;
    private long cut;

    /** At most {@code share} ∈ (0, 1] of the last {@code window} ≥ 1 sets full; a share of 1 never cuts. */
    public FullSetBudget(double share, int window) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("the full-set budget must be a share in (0, 1], got " + share);
        }
        if (window < 1) {
            throw new IllegalArgumentException("the full-set budget's window needs at least 1 set, got " + window);
        }
        this.share = share;
        this.window = window;
    }

    /** The set {@code rule} gives p̄, cut to the budget, and counted. */
    public List<Integer> give(SetRule rule, double[] p) {
        List<Integer> set = rule.apply(p);
        boolean isFull = set.size() == p.length && p.length > 1;
        // Full sets among the last `window` given, this one included (the oldest leaves when the window is full).
        int fullAfter = full + 1 - (given.size() == window && given.peekFirst() ? 1 : 0);
        if (isFull && rule.kind() != SetRule.Kind.ALL && fullAfter > share * window) {
            int top = SetRule.top(p);
            int low = top == 0 ? 1 : 0;
            for (int k = 0; k < p.length; k++) {
                low = k != top && p[k] < p[low] ? k : low;
            }
            int drop = low;
            set = set.stream().filter(k -> k != drop).toList();
            isFull = false;
            cut++;
        }
        given.addLast(isFull);
        full += isFull ? 1 : 0;
        if (given.size() > window) {
            full -= given.removeFirst() ? 1 : 0;
        }
        return set;
    }

    /** Full sets cut to one class less so far. */
    public long cut() {
        return cut;
    }
}
