package io.brink.record.section;

import io.brink.engine.stage.StageKey;

import java.util.List;

/** The registry of score-record sections, one line per stage that writes fields. */
public final class ScoreSections {

    private static final List<ScoreSection<?>> ALL = List.of(
            new CurvatureSection(),
            new HutchinsonSection(),
            new PgdSection(),
            new AttackSection(),
            new CertifiedSection(),
            new RandomDirectionsSection(),
            new UncertaintySection());

    private ScoreSections() {
    }

    /** Every registered section. */
    public static List<ScoreSection<?>> all() {
        return ALL;
    }

    /** The section of {@code stage}, if one is registered. */
    public static java.util.Optional<ScoreSection<?>> of(StageKey<?, ?> stage) {
        return ALL.stream().filter(s -> s.stage().equals(stage)).findFirst();
    }
}
