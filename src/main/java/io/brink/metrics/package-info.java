/**
 * Observability of a running pipeline: {@link io.brink.metrics.BrinkMetrics} (Micrometer meters exported for
 * Prometheus, fed as the pipeline's listener, plus the most fragile series) and
 * {@link io.brink.metrics.MetricsServer} ({@code /metrics}, {@code /health}, {@code /fragile}).
 */
package io.brink.metrics;
