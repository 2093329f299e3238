package io.brink.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which Kafka client meters reach Prometheus, and what a meter that fails to register is told as. */
final class KafkaClientMeters {

    private static final Logger LOG = LoggerFactory.getLogger(BrinkMetrics.class);

    private KafkaClientMeters() {
    }

    /**
     * Keeps the Kafka client meters Prometheus can hold: the consumer's fetch-manager metrics come per client (no topic)
     * and per topic or partition under the same names, and Prometheus takes one set of tag keys per name, so whichever
     * came second failed to register (and Micrometer warned); the per-topic/partition ones are kept (the dashboards read
     * them; a client total is their sum). Metrics of the bootstrap pseudo-node ({@code node.id=node--1}) are dropped: Kafka
     * registers them again on reconnects and they say nothing about a broker. Kafka's other metrics that clash the same way
     * (they come and go with tasks and connections) are left to Micrometer, whose own warnings are kept below WARN
     * (simplelogger.properties); a Brink meter that fails to register is still a WARN, from this class.
     */
    static void configure(MeterRegistry registry) {
        registry.config().meterFilter(MeterFilter.deny(id ->
                id.getName().startsWith("kafka.consumer.fetch.manager.") && id.getTag("topic") == null
                        || id.getName().startsWith("kafka.") && "node--1".equals(id.getTag("node.id"))));
        registry.config().onMeterRegistrationFailed((id, reason) -> {
            if (id.getName().startsWith("kafka.")) {
                LOG.debug("Kafka client meter {} not exported: {}", id, reason);
            } else {
                LOG.warn("meter {} could not be registered: {}", id, reason);
            }
        });
    }
}
