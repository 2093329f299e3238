package io.brink.config;

import java.util.Properties;
import java.util.Set;

/**
 * The pass-through Kafka client properties ({@code kafka.*} keys, {@code KAFKA_*} variables) as one kind of client
 * takes them: only the keys that client knows, so that it does not warn about the others, plus the bootstrap
 * servers. Every plain client Brink makes besides Kafka Streams (which takes them all) gets its settings here, so
 * that security settings reach each one.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    /** The entries of {@code kafka} whose keys are in {@code known} (the client's config names), and the bootstrap servers. */
    public static Properties forClient(Properties kafka, Set<String> known, String bootstrapServers) {
        Properties p = new Properties();
        for (String k : kafka.stringPropertyNames()) {
            if (known.contains(k)) {
                p.put(k, kafka.getProperty(k));
            }
        }
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }
}
