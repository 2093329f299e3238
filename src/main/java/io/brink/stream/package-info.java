/**
 * The Kafka Streams pipeline. {@link io.brink.stream.BrinkTopology} builds it from small static builders; its
 * processors have one job each: {@code WindowingProcessor} (points into windows), {@code ScoringProcessor}
 * (tier 0 in batches, with a {@code PendingQueue}), {@code Tier1Selector} (pure selection logic),
 * {@code Tier1Processor} (tier 1 off the stream thread), {@code AlertProcessor} (rules with hysteresis),
 * {@code OutcomeIntakeProcessor} and {@code OutcomeJoinProcessor} (the outcome join and its
 * {@code AccuracyBook}). What they hand each other is typed in {@code Messages}. Scoring goes through a
 * {@link io.brink.stream.ScoringBackend} ({@link io.brink.stream.EnginePool}), which owns its engines and
 * executors; {@link io.brink.stream.BrinkPipeline} runs the application exactly once.
 */
package io.brink.stream;
