package io.brink.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Plain Kafka clients for integration tests. */
final class KafkaClients {

    private KafkaClients() {
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer());
    }

    static String point(String series, long ts) {
        return String.format(java.util.Locale.ROOT, "{\"series\":\"%s\",\"ts\":%d,\"values\":[%.5f,%.5f,%.5f]}", series, ts,
                Math.sin(ts * 0.7 + series.hashCode()), Math.cos(ts * 0.3), 0.1 * (ts % 5));
    }

    static void send(KafkaProducer<String, String> p, String topic, String key, String value) {
        try {
            p.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads committed records of {@code topic} from the start until {@code done} holds or the timeout passes. */
    static List<ConsumerRecord<String, String>> readUntil(String bootstrap, String topic, Duration timeout,
                                                          Predicate<List<ConsumerRecord<String, String>>> done) {
        return readUntil(bootstrap, topic, timeout, new java.util.Properties(), done);
    }

    /** The same with {@code client} properties (security settings) for the consumer. */
    static List<ConsumerRecord<String, String>> readUntil(String bootstrap, String topic, Duration timeout, java.util.Properties client,
                                                          Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        java.util.Properties p = new java.util.Properties();
        p.putAll(client);
        p.putAll(Map.of("bootstrap.servers", bootstrap, "group.id", "verify-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"));
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(out) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
