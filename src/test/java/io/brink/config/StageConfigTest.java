package io.brink.config;

import io.brink.engine.stage.AttackStage;
import io.brink.engine.stage.CurvatureStage;
import io.brink.engine.stage.HutchinsonStage;
import io.brink.engine.stage.PgdStage;
import io.brink.engine.stage.RandomDirectionsStage;
import io.brink.engine.stage.StageOption;
import io.brink.engine.stage.StageSettings;
import io.brink.engine.stage.Stages;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tier 1's stage settings are rows generated from the stages' declared options, typed and checked like every other key. */
class StageConfigTest {

    @Test
    void everyDeclaredOptionIsARowWithItsStreamDefault() {
        Map<String, ConfigDef.ConfigKey> keys = BrinkConfig.CONFIG.configKeys();
        for (StageOption o : Stages.options()) {
            ConfigDef.ConfigKey k = keys.get(o.streamKey());
            assertTrue(k != null, o.streamKey() + " is in the table");
            assertTrue(k.documentation.startsWith(o.description()), k.documentation);
            assertEquals(BrinkConfig.envName(o.streamKey()), "BRINK_" + o.streamKey().toUpperCase().replace('.', '_'));
        }
        StageSettings defaults = ConfigLoader.fromProperties(new java.util.Properties()).tier1().stages();
        assertEquals(30, defaults.get(CurvatureStage.KEY).orElseThrow().maxIterations());
        assertEquals(30, defaults.get(AttackStage.KEY).orElseThrow().steps());
        assertFalse(defaults.has(HutchinsonStage.KEY));
    }

    @Test
    void keysSetTheStagesTierOneRuns() {
        StageSettings s = ConfigLoader.fromProperties(ConfigLoaderTest.settings("tier1.attack", "false", "tier1.max.hvp", "12",
                "tier1.hutchinson.probes", "4", "tier1.pgd.radii", "1, 0.25", "tier1.directions.radii", "0.5")).tier1().stages();
        assertFalse(s.has(AttackStage.KEY));
        assertEquals(12, s.get(CurvatureStage.KEY).orElseThrow().maxIterations());
        assertEquals(4, s.get(HutchinsonStage.KEY).orElseThrow().probes());
        assertArrayEquals(new double[] {0.25, 1}, s.get(PgdStage.KEY).orElseThrow().radii());
        assertArrayEquals(new double[] {0.5}, s.get(RandomDirectionsStage.KEY).orElseThrow().radii());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        for (String[] bad : new String[][] {{"tier1.attack.steps", "0"}, {"tier1.pgd.radii", "0.5,-1"}, {"tier1.directions.epsilon", "1"},
                {"tier1.max.hvp", "many"}, {"tier1.certify.tolerance", "0"}, {"tier1.directions.radii", "none,1"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ConfigLoader.fromProperties(ConfigLoaderTest.settings(bad[0], bad[1])), bad[0] + " = " + bad[1]);
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }
}
