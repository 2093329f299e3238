package io.brink.config;

/** Partitions and replication factor of the topics the pipeline creates. */
public record TopicLayout(int partitions, short replication) {
}
