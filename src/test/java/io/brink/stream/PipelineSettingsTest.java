package io.brink.stream;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineSettingsTest {

    @Test
    void theShippedFileLoadsAndEnvironmentVariablesOverrideIt() throws Exception {
        PipelineSettings.Loaded l = PipelineSettings.load(Path.of("deploy/brink.properties"),
                Map.of("BRINK_BATCH_SIZE", "32", "KAFKA_SASL_MECHANISM", "PLAIN", "BRINK_TOPICS_SCORES", "my.scores",
                        "KAFKA_HEAP_OPTS", "-Xmx1g"));
        assertEquals(32, l.config().batchSize());
        assertEquals("my.scores", l.config().topics().scores());
        assertEquals("PLAIN", l.kafka().getProperty("sasl.mechanism"));
        assertTrue(!l.kafka().containsKey("heap.opts"));
        assertEquals(2, l.config().rules().size());
        AlertRule low = l.config().rules().stream().filter(r -> r.name().equals("lowmargin")).findFirst().orElseThrow();
        assertEquals(AlertRule.Condition.BELOW_PERCENTILE, low.condition());
        assertEquals(5, low.threshold());
        assertEquals(200, low.history());
        assertEquals("0-0.1", l.config().bucketOf(0.05));
        assertEquals(">=1", l.config().bucketOf(3.0));
    }

    @Test
    void badSettingsSayWhich() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PipelineSettings.fromProperties(PipelineFixture.settings("batch.size", "many")));
        assertTrue(e.getMessage().contains("batch.size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PipelineSettings.fromProperties(PipelineFixture.settings("alert.rule.x.field", "margin")));
        assertTrue(e.getMessage().contains("alert rule x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PipelineSettings.load(Path.of("nope.properties"), Map.of()));
        assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
    }
}
