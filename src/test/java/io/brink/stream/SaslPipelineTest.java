package io.brink.stream;

import io.brink.broker.EmbeddedKafkaBroker;
import io.brink.config.PipelineConfig;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import io.brink.record.ModelEvent;
import io.brink.reload.ModelEventPublisher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline against a broker that accepts only SASL/PLAIN-authenticated clients: the Kafka client properties
 * reach every client Brink makes (the topic set-up's admin, Kafka Streams' consumers, producers and admin, the
 * model-events producer); a wrong password is a clear error at start.
 */
class SaslPipelineTest {

    static final EmbeddedKafkaBroker.Sasl SASL = new EmbeddedKafkaBroker.Sasl("admin", "admin-secret", Map.of("brink", "brink-secret"));
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(0, Files.createTempDirectory("brink-kafka-sasl-"), true, Optional.of(SASL));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void everyClientAuthenticatesWithThePassedThroughSettings() throws Exception {
        PipelineConfig c = PipelineIntegrationTest.config("sasl", "batch.size", "2", "tier1.every", "2");
        LoadedModel model = OnnxModelLoader.load(PipelineFixture.MODEL);
        Properties kafka = SASL.clientProperties("brink", "brink-secret");
        String bootstrap = broker.bootstrapServers();
        try (EnginePool pool = new EnginePool(model, new EngineOptions(Precision.FLOAT32, 1, 1));
             BrinkPipeline pipeline = BrinkPipeline.start(bootstrap, model, c.withWindowLength(model.card().windowLength().orElseThrow()), kafka, pool, PipelineListener.NONE, null);
             ModelEventPublisher events = new ModelEventPublisher(bootstrap, kafka, c.topics().modelEvents())) {
            pipeline.awaitRunning(Duration.ofSeconds(60));
            Properties producer = new Properties();
            producer.putAll(kafka);
            producer.put("bootstrap.servers", bootstrap);
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
                for (int t = 1; t <= 10; t++) {
                    p.send(new ProducerRecord<>(c.topics().points(), "A", KafkaClients.point("A", t))).get();
                }
            }
            events.accept(new ModelEvent(model.name(), "m.onnx", Optional.empty(), model.version(), model.version(),
                    ModelEvent.Result.REFUSED, Optional.of("a test event"), 1L));
            List<ConsumerRecord<String, String>> scores = read(kafka, c.topics().scores(), 5);
            assertTrue(PipelineIntegrationTest.tier(scores, 0).size() >= 5, "scores arrive: " + scores.size());
            assertEquals(1, read(kafka, c.topics().modelEvents(), 1).size(), "the model-events producer authenticated");
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorAtStart() throws Exception {
        PipelineConfig c = PipelineIntegrationTest.config("sasl-wrong");
        LoadedModel model = OnnxModelLoader.load(PipelineFixture.MODEL);
        try (EnginePool pool = new EnginePool(model, new EngineOptions(Precision.FLOAT32, 1, 1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> BrinkPipeline.start(broker.bootstrapServers(),
                    model, c.withWindowLength(model.card().windowLength().orElseThrow()), SASL.clientProperties("brink", "wrong"), pool, PipelineListener.NONE, null));
            assertTrue(e.getMessage().startsWith("cannot set up topics on " + broker.bootstrapServers()), e.getMessage());
            assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());
            assertTrue(!e.getMessage().contains("wrong"), "the password is not echoed: " + e.getMessage());
        }
    }

    static List<ConsumerRecord<String, String>> read(Properties kafka, String topic, int n) {
        return KafkaClients.readUntil(broker.bootstrapServers(), topic, Duration.ofSeconds(60), kafka, l -> l.size() >= n);
    }
}
