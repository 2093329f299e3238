package io.brink.engine.stage;

import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.RandomDirections;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stages' declared options: their defaults turn on what the commands and tier 1 ran before, and bad values are refused by name. */
class StageOptionTest {

    private static StageSettings settings(boolean stream, Map<String, Object> values) {
        return Stages.settings(OptionValues.of(Stages.options(), o -> values.get(o.key()), stream, o -> o.flag().orElse(o.key())));
    }

    @Test
    void theCommandLineDefaultsProfileEverythingButPgdAndTheCertificate() {
        StageSettings s = settings(false, Map.of());
        assertEquals(new Lanczos.Settings(1e-3, 50, false), s.get(CurvatureStage.KEY).orElseThrow());
        assertEquals(8, s.get(HutchinsonStage.KEY).orElseThrow().probes());
        assertEquals(50, s.get(AttackStage.KEY).orElseThrow().steps());
        RandomDirections.Settings rd = s.get(RandomDirectionsStage.KEY).orElseThrow();
        assertArrayEquals(new double[] {0.1, 0.3, 1.0}, rd.radii());
        assertEquals(32, rd.directions());
        assertEquals(0.05, rd.epsilon());
        assertFalse(s.has(PgdStage.KEY));
        assertFalse(s.has(CertifiedStage.KEY), "the certificate is each command's choice (certify.every has no flag)");
        assertFalse(s.has(UncertaintyStage.KEY), "the uncertainty stage is turned on by the model card, not by options");
    }

    @Test
    void theStreamDefaultsRunTheEigenpairAndTheAttackOnTierOnesBudget() {
        StageSettings s = settings(true, Map.of());
        assertEquals(new Lanczos.Settings(1e-3, 30, false), s.get(CurvatureStage.KEY).orElseThrow());
        assertEquals(30, s.get(AttackStage.KEY).orElseThrow().steps());
        for (StageKey<?, ?> off : List.of(HutchinsonStage.KEY, PgdStage.KEY, RandomDirectionsStage.KEY, CertifiedStage.KEY)) {
            assertFalse(s.has(off), off + " is off in tier 1 by default");
        }
    }

    @Test
    void valuesTurnStagesOnAndOff() {
        StageSettings s = settings(false, Map.of("attack", false, "hutchinson.probes", 0, "directions.radii", "none",
                "pgd.radii", List.of("2", "0.5", "2"), "pgd.steps", "7", "certify.every", 3, "certify.passes", 5));
        assertFalse(s.has(AttackStage.KEY));
        assertFalse(s.has(HutchinsonStage.KEY));
        assertFalse(s.has(RandomDirectionsStage.KEY));
        assertArrayEquals(new double[] {0.5, 2}, s.get(PgdStage.KEY).orElseThrow().radii(), "sorted, each radius once");
        assertEquals(7, s.get(PgdStage.KEY).orElseThrow().steps());
        assertEquals(3, s.get(CertifiedStage.KEY).orElseThrow().every());
        assertEquals(5, s.get(CertifiedStage.KEY).orElseThrow().passes());
    }

    @Test
    void aValueOutsideItsCheckIsRefusedNamingTheOption() {
        for (Object[] bad : new Object[][] {{"attack.steps", 0, "--attack-steps", "≥ 1"}, {"directions.epsilon", 1.0, "--epsilon", "in (0, 1)"},
                {"pgd.radii", "0.5,-1", "--pgd-radii", "> 0"}, {"max.hvp", "2.5", "--max-hvp", "whole number"},
                {"directions.radii", "0.1,none", "--radii", "stands alone"}, {"attack", "yes", "--attack", "true or false"},
                {"certify.tolerance", 0, "--certify-tolerance", "> 0"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(false, Map.of((String) bad[0], bad[1])), bad[0] + " = " + bad[1]);
            assertTrue(e.getMessage().startsWith(bad[2] + ": ") && e.getMessage().contains((String) bad[3]), e.getMessage());
        }
    }

    @Test
    void declarationsAreUniqueAndWellFormed() {
        List<StageOption> all = Stages.options();
        assertEquals(all.size(), all.stream().map(StageOption::key).distinct().count());
        assertEquals(all.stream().filter(o -> o.flag().isPresent()).count(),
                all.stream().flatMap(o -> o.flag().stream()).distinct().count());
        assertThrows(IllegalArgumentException.class, () -> StageOption.of("Bad Key", "--x", StageOption.Kind.INT, "1", "1",
                StageOption.Check.ANY, "x"));
        assertThrows(IllegalArgumentException.class, () -> StageOption.of("x", "-x", StageOption.Kind.INT, "1", "1",
                StageOption.Check.ANY, "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageOption.of("x", "--x", StageOption.Kind.INT,
                "0", "1", StageOption.Check.atLeast(1), "x"));
        assertTrue(e.getMessage().contains("≥ 1"), "a default outside its own check is a declaration error: " + e.getMessage());
        assertEquals("in [0, 1]", new StageOption.Check(0, false, 1, false).describe());
        assertTrue(StageOption.Check.POSITIVE.problem(0).isPresent());
        assertTrue(StageOption.Check.POSITIVE.problem(1e-300).isEmpty());
        assertTrue(StageOption.Check.ANY.problem(-1e300).isEmpty());
    }
}
