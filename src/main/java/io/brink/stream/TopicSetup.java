package io.brink.stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import io.brink.config.KafkaClientProperties;
import io.brink.config.PipelineConfig;
import io.brink.config.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates the pipeline's topics that do not exist yet (the calibration topic compacted, the calibration-events topic
 * with one partition) and checks that points and outcomes are co-partitioned (the outcome join needs it).
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * Describes topics, retrying while the broker does not know them yet: right after creation a broker
     * answers UnknownTopicOrPartition until the new metadata has propagated.
     */
    static Map<String, TopicDescription> describe(Admin admin, List<String> topics) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long backoff = 50;
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(backoff);
                backoff = Math.min(1000, backoff * 2);
            }
        }
    }

    public static void ensure(String bootstrapServers, Properties kafka, PipelineConfig config) {
        Properties p = KafkaClientProperties.forClient(kafka, AdminClientConfig.configNames(), bootstrapServers);
        Topics t = config.topics();
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> create = new ArrayList<>();
            for (String name : List.of(t.points(), t.outcomes(), t.scores(), t.alerts(), t.deadLetters(), t.modelEvents())) {
                if (!existing.contains(name)) {
                    create.add(new NewTopic(name, config.topicLayout().partitions(), config.topicLayout().replication()));
                }
            }
            if (!existing.contains(t.calibration())) {
                create.add(new NewTopic(t.calibration(), config.topicLayout().partitions(), config.topicLayout().replication())
                        .configs(Map.of("cleanup.policy", "compact")));
            }
            if (!existing.contains(t.calibrationEvents())) {
                // One partition: each model's events are processed in order by one task.
                create.add(new NewTopic(t.calibrationEvents(), 1, config.topicLayout().replication()));
            }
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get();
            }
            Map<String, TopicDescription> d = describe(admin, List.of(t.points(), t.outcomes()));
            int pp = d.get(t.points()).partitions().size();
            int op = d.get(t.outcomes()).partitions().size();
            if (pp != op) {
                throw new IllegalArgumentException("topics " + t.points() + " (" + pp + " partitions) and " + t.outcomes() + " ("
                        + op + " partitions) must have the same number of partitions: outcomes are joined to predictions by series");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot set up topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up topics", e);
        }
    }
}
