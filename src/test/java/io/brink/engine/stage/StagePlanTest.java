package io.brink.engine.stage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan runs every stage after its declared inputs, otherwise in registration order, and refuses what cannot run. */
class StagePlanTest {

    /** A stage that only has a name and inputs (the plan never runs a stage). */
    private record Named(StageKey<String, String> key, List<StageKey<?, ?>> inputs) implements ProfileStage<String, String> {

        Named(String name, StageKey<?, ?>... inputs) {
            this(new StageKey<>(name, String.class, String.class), List.of(inputs));
        }

        @Override
        public List<String> run(StageInput in, String settings) {
            throw new UnsupportedOperationException("the plan does not run stages");
        }
    }

    @Test
    void keepsRegistrationOrderWithoutInputs() {
        Named a = new Named("a"), b = new Named("b"), c = new Named("c");
        assertEquals(List.of("a", "b", "c"), StagePlan.of(List.of(a, b, c)).names());
        assertEquals(List.of("c", "a", "b"), StagePlan.of(List.of(c, a, b)).names());
    }

    @Test
    void runsAStageAfterItsInputsWhereverItIsRegistered() {
        Named b = new Named("b"), c = new Named("c");
        Named a = new Named("a", c.key(), b.key());
        Named d = new Named("d", a.key());
        assertEquals(List.of("b", "c", "a", "d"), StagePlan.of(List.of(d, a, b, c)).names());
    }

    @Test
    void refusesCyclesUnknownInputsAndTwoStagesOfOneName() {
        StageKey<String, String> xKey = new StageKey<>("x", String.class, String.class);
        Named y = new Named("y", xKey);
        Named x = new Named(xKey, List.of(y.key()));
        IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class, () -> StagePlan.of(List.of(x, y)));
        assertTrue(cycle.getMessage().contains("cycle") && cycle.getMessage().contains("x") && cycle.getMessage().contains("y"),
                cycle.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> StagePlan.of(List.of(y)));
        assertTrue(unknown.getMessage().contains("reads stage x, which is not registered"), unknown.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> StagePlan.of(List.of(new Named("z"), new Named("z"))));
        assertTrue(twice.getMessage().contains("two stages are named z"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StageKey<>("Not A Name", String.class, String.class));
    }

    @Test
    void theRegisteredStagesRunAfterWhatTheyRead() {
        List<String> names = Stages.names();
        assertEquals(List.of("curvature", "hutchinson", "pgd", "attack", "certified", "random_directions", "uncertainty"), names);
        assertTrue(names.indexOf("pgd") < names.indexOf("attack"), "the attack refines with PGD's flips");
        assertTrue(names.indexOf("attack") < names.indexOf("certified"), "the certificate is seeded below the attack's flip");
    }

    @Test
    void settingsAndResultsAreTyped() {
        StageSettings s = StageSettings.NONE.with(CurvatureStage.KEY, new io.brink.engine.algorithm.Lanczos.Settings(1e-3, 20, false));
        assertTrue(s.has(CurvatureStage.KEY) && !s.has(AttackStage.KEY));
        assertEquals(20, s.get(CurvatureStage.KEY).orElseThrow().maxIterations());
        assertTrue(s.without(CurvatureStage.KEY).get(CurvatureStage.KEY).isEmpty());
        StageResults r = StageResults.NONE.with(HutchinsonStage.KEY, 2.5);
        assertEquals(2.5, r.get(HutchinsonStage.KEY).orElseThrow());
        assertTrue(r.get(CurvatureStage.KEY).isEmpty());
    }
}
