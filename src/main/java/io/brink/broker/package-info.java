/**
 * {@link io.brink.broker.EmbeddedKafkaBroker}: a real single-node Kafka broker (KRaft) from Kafka's own server
 * classes, on a freshly formatted log directory, for {@code brink broker}, {@code brink demo}, benchmarks and tests.
 */
package io.brink.broker;
