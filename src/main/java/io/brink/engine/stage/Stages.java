package io.brink.engine.stage;

import io.brink.model.Network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registry of profile stages: one line per stage. The engine makes one set per device (a stage may keep
 * per-model state, such as the certified stage's bounds) and runs them in {@link StagePlan}'s order. The stages' declared
 * options ({@link #options()}) are what the command line and the stream's configuration are generated from.
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

    /**
     * Every registered stage's declared options, in the order the stages run; two options under one key or one flag are
     * refused (a registration error, met when the commands or the configuration are built).
     */
    public static List<StageOption> options() {
        List<StageOption> all = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        Set<String> flags = new HashSet<>();
        for (ProfileStage<?, ?> s : StagePlan.of(forModel(List.of())).order()) {
            for (StageOption o : s.options()) {
                if (!keys.add(o.key()) || o.flag().isPresent() && !flags.add(o.flag().get())) {
                    throw new IllegalStateException("stage " + s.key().name() + " declares option " + o.key() + o.flag().map(f -> " (" + f + ")")
                            .orElse("") + ", which another stage declares already");
                }
                all.add(o);
            }
        }
        return List.copyOf(all);
    }

    /** The settings every registered stage makes from {@code values}: the stages they turn on, each with its settings. */
    public static StageSettings settings(OptionValues values) {
        StageSettings settings = StageSettings.NONE;
        for (ProfileStage<?, ?> s : forModel(List.of())) {
            settings = with(settings, s, values);
        }
        return settings;
    }

    private static <S> StageSettings with(StageSettings settings, ProfileStage<S, ?> stage, OptionValues values) {
        Optional<S> s;
        try {
            s = stage.settings(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(stage.key().name() + " stage: " + e.getMessage(), e);
        }
        return s.map(v -> settings.with(stage.key(), v)).orElse(settings);
    }
}
