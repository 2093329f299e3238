package io.brink.engine.stage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order stages run in: every stage after the stages it declares as inputs, otherwise in registration order.
 * Two stages under one name, an input that is not registered, or a cycle of inputs are refused when the plan is made
 * (at engine start), never met mid-batch.
 */
public final class StagePlan {

    private final List<ProfileStage<?, ?>> order;

    private StagePlan(List<ProfileStage<?, ?>> order) {
        this.order = List.copyOf(order);
    }

    /** The plan for {@code stages} (registration order). */
    public static StagePlan of(List<? extends ProfileStage<?, ?>> stages) {
        Map<StageKey<?, ?>, ProfileStage<?, ?>> byKey = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (ProfileStage<?, ?> s : stages) {
            if (!names.add(s.key().name())) {
                throw new IllegalArgumentException("two stages are named " + s.key().name());
            }
            byKey.put(s.key(), s);
        }
        for (ProfileStage<?, ?> s : stages) {
            for (StageKey<?, ?> in : s.inputs()) {
                if (!byKey.containsKey(in)) {
                    throw new IllegalArgumentException("stage " + s.key().name() + " reads stage " + in.name() + ", which is not registered");
                }
            }
        }
        List<ProfileStage<?, ?>> order = new ArrayList<>();
        Set<StageKey<?, ?>> placed = new HashSet<>();
        while (order.size() < stages.size()) {
            ProfileStage<?, ?> next = null;
            for (ProfileStage<?, ?> s : stages) {
                if (!placed.contains(s.key()) && placed.containsAll(s.inputs())) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                List<String> left = new ArrayList<>();
                for (ProfileStage<?, ?> s : stages) {
                    if (!placed.contains(s.key())) {
                        left.add(s.key().name() + " ← " + s.inputs());
                    }
                }
                throw new IllegalArgumentException("the stages' inputs form a cycle: " + left);
            }
            order.add(next);
            placed.add(next.key());
        }
        return new StagePlan(order);
    }

    /** The stages in the order they run. */
    public List<ProfileStage<?, ?>> order() {
        return order;
    }

    /** The stages' names in the order they run. */
    public List<String> names() {
        return order.stream().map(s -> s.key().name()).toList();
    }
}
