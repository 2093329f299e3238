/**
 * Brink's pipeline settings: one typed table ({@link io.brink.config.BrinkConfig}, Kafka's {@code ConfigDef}),
 * the typed values the pipeline uses ({@link io.brink.config.PipelineConfig} and its nested records for topics,
 * windowing, batching, the tier-1 policy, accuracy and alert rules, whose keys have their own table in
 * {@link io.brink.config.AlertRules}), reading them from a file and the
 * environment ({@link io.brink.config.ConfigLoader}) and the documentation generated from the table
 * ({@link io.brink.config.ConfigDocs}). Depends on no other Brink package.
 */
package io.brink.config;
