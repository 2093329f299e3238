package io.brink.engine.stage;

import io.brink.model.Network;

import java.util.List;

/**
 * The registry of profile stages: one line per stage. The engine makes one set per device (a stage may keep
 * per-model state, such as the certified stage's bounds) and runs them in {@link StagePlan}'s order.
 */
public final class Stages {

    private Stages() {
    }

    /** A fresh instance of every registered stage, for a model of {@code members}. */
    public static List<ProfileStage<?, ?>> forModel(List<? extends Network> members) {
        return List.of(
                new CurvatureStage(),
                new HutchinsonStage(),
                new PgdStage(),
                new AttackStage(),
                new CertifiedStage(members),
                new RandomDirectionsStage(),
                new UncertaintyStage());
    }

    /** The registered stages' names, in the order they run. */
    public static List<String> names() {
        return StagePlan.of(forModel(List.of())).names();
    }
}
