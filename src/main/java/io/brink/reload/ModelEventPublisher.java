package io.brink.reload;

import io.brink.config.KafkaClientProperties;
import io.brink.record.Json;
import io.brink.record.ModelEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.function.Consumer;

/**
 * Writes model reload events to the model-events topic (key: the model's name), with an idempotent producer
 * configured from the same Kafka client properties (security included) as every other client of Brink's.
 */
public final class ModelEventPublisher implements Consumer<ModelEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelEventPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public ModelEventPublisher(String bootstrapServers, Properties kafka, String topic) {
        Properties p = KafkaClientProperties.forClient(kafka, ProducerConfig.configNames(), bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "brink-model-events");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void accept(ModelEvent e) {
        try {
            producer.send(new ProducerRecord<>(topic, e.model(), Json.mapper().writeValueAsBytes(e)), (meta, error) -> {
                if (error != null) {
                    LOG.error("cannot write a model event to {}", topic, error);
                }
            });
            producer.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("cannot write a model event as JSON", ex);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
