package io.brink.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.config.PipelineConfig;
import io.brink.engine.EngineOptions;
import io.brink.record.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live calibration on a real broker: outcomes joined to tier-0 predictions reach the calibration processor through
 * the calibration-events topic, its records reach the calibration topic (schema-checked), and the rule they carry
 * reaches the scorers through the global store: later windows get sets smaller than every class.
 */
class CalibrationIntegrationTest extends BrokerTest {

    static JsonNode json(ConsumerRecord<String, String> r) {
        try {
            return Json.mapper().readTree(r.value());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void outcomesCalibrateAndTheRuleReachesTheScorers() throws Exception {
        PipelineConfig c = PipelineIntegrationTest.config("calibration-it", "batch.size", "8", "batch.flush.ms", "50",
                "tier1.every", "0", "tier1.margin.below", "-1", "tier1.distance.below", "-1", "calibration.interval.ms", "300",
                "conformal.gamma", "0.05");
        try (EnginePool backend = new EnginePool(model, EngineOptions.defaults());
             BrinkPipeline pipeline = BrinkPipeline.start(broker.bootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), new Properties(), backend,
                     PipelineListener.NONE, null)) {
            pipeline.awaitRunning(Duration.ofSeconds(60));
            for (String s : List.of("A", "B", "C")) {
                HealthIntegrationTest.points(c, s, 1, 60);
            }
            List<ConsumerRecord<String, String>> first = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().scores(),
                    Duration.ofSeconds(60), l -> l.size() >= 165);
            // Outcomes: the predicted class for two windows in three, the next class for the third.
            try (KafkaProducer<String, String> p = KafkaClients.producer(broker.bootstrapServers())) {
                int n = 0;
                for (ConsumerRecord<String, String> r : first) {
                    JsonNode s = json(r);
                    int k = s.get("predicted_index").asInt();
                    int y = n++ % 3 == 2 ? (k + 1) % 3 : k;
                    KafkaClients.send(p, c.topics().outcomes(), s.get("series").asText(), "{\"series\":\"" + s.get("series").asText()
                            + "\",\"ts\":" + s.get("ts").asLong() + ",\"class\":" + y + "}");
                }
            }
            List<ConsumerRecord<String, String>> records = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().calibration(),
                    Duration.ofSeconds(60), l -> !l.isEmpty() && json(l.get(l.size() - 1)).get("labelled").asLong() >= 165);
            for (ConsumerRecord<String, String> r : records) {
                Schemas.assertValid("calibration", r.value());
            }
            JsonNode last = json(records.get(records.size() - 1));
            assertTrue(last.get("predictions").asLong() >= 165, last.toString());
            assertTrue(last.get("total").get("accuracy").asDouble() > 0.6, last.toString());
            assertTrue(last.get("conformal").get("rule").get("kind").asText().equals("PENALIZED"), last.toString());

            // New windows are scored with the rule from the global store: some sets hold fewer than all 3 classes.
            for (String s : List.of("A", "B", "C")) {
                HealthIntegrationTest.points(c, s, 61, 120);
            }
            List<ConsumerRecord<String, String>> later = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().scores(),
                    Duration.ofSeconds(60), l -> l.stream().anyMatch(r -> json(r).get("prediction_set").size() < 3));
            assertTrue(later.stream().anyMatch(r -> json(r).get("prediction_set").size() < 3), "a set smaller than every class");
        }
    }
}
