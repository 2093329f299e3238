package io.brink.stream;

import io.brink.config.PipelineConfig;
import io.brink.config.ConfigLoader;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pipeline against Apache Kafka's own image (needs a Docker engine; skipped without one). */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerPipelineTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void scoresEveryWindowOnARealCluster() throws Exception {
        LoadedModel model = OnnxModelLoader.load(PipelineFixture.MODEL);
        PipelineConfig c = ConfigLoader.fromProperties(PipelineFixture.settings("application.id", "brink-container",
                "batch.size", "8"));
        try (EnginePool backend = new EnginePool(model, new EngineOptions(Precision.FLOAT32, 1, 1));
             BrinkPipeline pipeline = BrinkPipeline.start(KAFKA.getBootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), new Properties(), backend,
                     PipelineListener.NONE, null);
             KafkaProducer<String, String> producer = KafkaClients.producer(KAFKA.getBootstrapServers())) {
            pipeline.awaitRunning(Duration.ofSeconds(120));
            for (long t = 1; t <= 16; t++) {
                for (String s : List.of("P", "Q")) {
                    KafkaClients.send(producer, c.topics().points(), s, KafkaClients.point(s, t));
                }
            }
            List<ConsumerRecord<String, String>> scores = KafkaClients.readUntil(KAFKA.getBootstrapServers(), c.topics().scores(),
                    Duration.ofSeconds(120), l -> l.size() >= 22);
            assertEquals(2 * (16 - 6 + 1), scores.size());
            scores.forEach(r -> Schemas.assertValid("score", r.value()));
        }
    }
}
