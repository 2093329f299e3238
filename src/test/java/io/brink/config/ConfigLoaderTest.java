package io.brink.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings from the properties file and the environment, through the typed table; and the generated documentation. */
class ConfigLoaderTest {

    static Properties settings(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void theShippedFileLoadsAndEnvironmentVariablesOverrideIt() throws Exception {
        ConfigLoader.Loaded l = ConfigLoader.load(Path.of("deploy/brink.properties"),
                Map.of("BRINK_BATCH_SIZE", "32", "KAFKA_SASL_MECHANISM", "PLAIN", "BRINK_TOPICS_SCORES", "my.scores",
                        "KAFKA_HEAP_OPTS", "-Xmx1g", "BRINK_ALERT_RULE_FRAGILE_RAISE_AFTER", "4", "BRINK_JAVA_OPTS", "-Xmx1g"));
        PipelineConfig c = l.config();
        assertEquals(32, c.batching().size());
        assertEquals("my.scores", c.topics().scores());
        assertEquals("PLAIN", l.kafka().getProperty("sasl.mechanism"));
        assertTrue(!l.kafka().containsKey("heap.opts"));
        assertEquals(2, c.alerts().size());
        AlertRule low = c.alerts().stream().filter(r -> r.name().equals("lowmargin")).findFirst().orElseThrow();
        assertEquals(AlertRule.Condition.BELOW_PERCENTILE, low.condition());
        assertEquals(5, low.threshold());
        assertEquals(200, low.history());
        assertEquals(4, c.alerts().stream().filter(r -> r.name().equals("fragile")).findFirst().orElseThrow().raiseAfter());
        assertEquals("0-0.1", c.accuracy().bucketOf(OptionalDouble.of(0.05)));
        assertEquals(">=1", c.accuracy().bucketOf(OptionalDouble.of(3.0)));
        assertEquals(Accuracy.UNKNOWN, c.accuracy().bucketOf(OptionalDouble.empty()));
        assertTrue(c.windowing().length().isEmpty(), "the shipped file leaves the window length to the model card");
    }

    @Test
    void calibrationAndUncertaintySettingsAreTypedAndChecked() {
        PipelineConfig c = ConfigLoader.fromProperties(settings("conformal.alpha", "0.05", "conformal.gamma", "0.02",
                "uncertainty.method", "mc_dropout", "uncertainty.dropout.rate", "0.2", "uncertainty.dropout.layers", "0, 1"));
        assertEquals(0.05, c.calibration().alpha());
        assertEquals(0.02, c.calibration().gamma());
        assertEquals(1000, c.calibration().window());
        assertEquals("mc_dropout", c.uncertainty().method().orElseThrow());
        assertEquals(java.util.List.of(0, 1), c.uncertainty().layers().orElseThrow());
        assertTrue(ConfigLoader.fromProperties(settings()).uncertainty().method().isEmpty(), "unset: the model card's");
        for (String[] bad : new String[][] {{"uncertainty.method", "bayes"}, {"conformal.alpha", "1.5"},
                {"conformal.gamma", "0"}, {"uncertainty.dropout.layers", "top"}}) {
            String msg = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> ConfigLoader.fromProperties(settings(bad))).getMessage();
            assertTrue(msg.contains(bad[0]), msg);
        }
    }

    @Test
    void everyKeyOfTheShippedFileIsASetting() throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(Path.of("deploy/brink.properties"))) {
            p.load(r);
        }
        for (String key : p.stringPropertyNames()) {
            assertTrue(BrinkConfig.CONFIG.names().contains(key) || key.startsWith(BrinkConfig.ALERT_RULE_PREFIX)
                    || key.startsWith(BrinkConfig.KAFKA_PREFIX), "deploy/brink.properties sets unknown key " + key);
        }
    }

    @Test
    void defaultsComeFromTheTable() {
        PipelineConfig c = ConfigLoader.fromProperties(new Properties());
        assertEquals("brink", c.applicationId());
        assertEquals(256, c.batching().size());
        assertEquals(1, c.windowing().stride());
        assertEquals(60_000L, c.windowing().graceMs());
        assertEquals(0.25, c.tier1().distanceBelow());
        assertEquals(7L * 24 * 3600 * 1000, c.accuracy().predictionRetentionMs());
        assertEquals(AlertRules.DEFAULTS, c.alerts());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.streamThreads());
        assertEquals(5, c.withWindowLength(5).windowing().length().getAsInt());
    }

    @Test
    void badSettingsSayWhich() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.fromProperties(settings("batch.size", "many")));
        assertTrue(e.getMessage().contains("batch.size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromProperties(settings("window.stride", "0")));
        assertTrue(e.getMessage().contains("window.stride"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromProperties(settings("accuracy.buckets", "0.3,0.1")));
        assertTrue(e.getMessage().contains("accuracy.buckets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromProperties(settings("tier1.attack", "yes")));
        assertTrue(e.getMessage().contains("tier1.attack"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromProperties(settings("alert.rule.x.field", "margin")));
        assertTrue(e.getMessage().contains("alert rule x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromProperties(settings("alert.rule.x.below", "1")));
        assertTrue(e.getMessage().contains("alert rule x") && e.getMessage().contains("field"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromProperties(settings("alert.rule.x.field", "margin",
                "alert.rule.x.below", "1", "alert.rule.x.raise.afterr", "2")));
        assertTrue(e.getMessage().contains("raise.afterr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(Path.of("nope.properties"), Map.of()));
        assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
    }

    @Test
    void everySettingHasAnEnvironmentVariableAndDocumentation() {
        for (var key : BrinkConfig.CONFIG.configKeys().values()) {
            assertTrue(key.documentation != null && !key.documentation.isBlank(), key.name + " is documented");
            assertEquals("BRINK_" + key.name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), BrinkConfig.envName(key.name));
        }
    }

    @Test
    void theDocumentationIsGeneratedFromTheTable() throws Exception {
        String committed = Files.readString(Path.of("docs/configuration.md"));
        assertEquals(ConfigDocs.markdown(), committed, "docs/configuration.md is out of date: regenerate it with "
                + "java -cp target/brink.jar io.brink.config.ConfigDocs docs/configuration.md");
        for (String key : BrinkConfig.CONFIG.names()) {
            assertTrue(committed.contains("`" + key + "`") && committed.contains("`" + BrinkConfig.envName(key) + "`"), key);
        }
    }
}
