/**
 * Brink's wire types and their codecs, shared by every path that reads or writes them: points
 * ({@link io.brink.record.Point}, read by {@link io.brink.record.PointCodec}), score records
 * ({@link io.brink.record.ScoreRecord}, built from an engine result by {@link io.brink.record.ScoreMapper}
 * with the tier the caller names), outcomes, alerts and dead letters, the JSON mapper
 * ({@link io.brink.record.Json}) and a Kafka serde over it. Each type's JSON Schema is in {@code schemas/}.
 */
package io.brink.record;
