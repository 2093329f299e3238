package io.brink.stream;

import io.brink.config.Tier1Policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which windows of a tier-0 batch to send to tier 1, most urgent first: the flagged ones (margin or linear
 * distance below the policy's thresholds), most fragile (smallest linear distance) first, then every Nth
 * window of a series that was not flagged. Pure logic; the tier-1 queue applies the budget.
 */
final class Tier1Selector {

    /** The tier-0 facts about one window that selection looks at. */
    record Candidate(long seq, double margin, double distanceLinear) {
    }

    private final Tier1Policy policy;

    Tier1Selector(Tier1Policy policy) {
        this.policy = policy;
    }

    /** Indices into {@code batch} of the windows selected, in the order they should be queued. */
    List<Integer> select(List<Candidate> batch) {
        List<Integer> flagged = new ArrayList<>();
        List<Integer> periodic = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Candidate c = batch.get(i);
            if (c.margin() < policy.marginBelow() || c.distanceLinear() < policy.distanceBelow()) {
                flagged.add(i);
            } else if (policy.every() > 0 && c.seq() % policy.every() == 0) {
                periodic.add(i);
            }
        }
        flagged.sort(Comparator.comparingDouble(i -> batch.get(i).distanceLinear()));
        List<Integer> out = new ArrayList<>(flagged);
        out.addAll(periodic);
        return out;
    }
}
