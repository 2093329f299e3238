package io.brink.config;

import io.brink.engine.device.DeviceChoice;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the streaming pipeline (everything but Kafka client properties), as typed values read from
 * {@link BrinkConfig}'s table.
 *
 * @param applicationId Kafka Streams application id
 * @param reloadIntervalMs how often (ms) the model file is checked for a new version; 0 = never
 * @param stateMemoryBytes memory all RocksDB stores of an instance share; 0 = RocksDB's defaults per store
 * @param streamThreads Kafka Streams threads (each takes a share of the partitions)
 * @param calibration live calibration and conformal settings
 * @param uncertainty uncertainty settings that override the model card's
 * @param device where the engine computes (cpu, cuda, cuda:N, auto), unless the command line says
 * @param cudaCache where the CUDA backend caches compiled kernels (empty: its default)
 */
public record PipelineConfig(String applicationId, Topics topics, TopicLayout topicLayout, Windowing windowing, Batching batching,
                             Tier1Policy tier1, Accuracy accuracy, List<AlertRule> alerts, DeadLetterLimits deadLetters,
                             HealthPolicy health, long reloadIntervalMs, long stateMemoryBytes, int streamThreads,
                             CalibrationPolicy calibration, UncertaintyOverride uncertainty, DeviceChoice device,
                             Optional<Path> cudaCache) {

    public PipelineConfig {
        alerts = List.copyOf(alerts);
    }

    /** The same with the window length set (e.g. from the model card). */
    public PipelineConfig withWindowLength(int t) {
        return new PipelineConfig(applicationId, topics, topicLayout, windowing.withLength(t), batching, tier1, accuracy, alerts,
                deadLetters, health, reloadIntervalMs, stateMemoryBytes, streamThreads, calibration, uncertainty, device,
                cudaCache);
    }
}
