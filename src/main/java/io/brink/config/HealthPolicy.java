package io.brink.config;

/**
 * When a running instance counts as not ready.
 *
 * @param failureWindowMs not ready while a stream thread failed within this many ms
 * @param stuckMs         a task is stuck when its committed input offset has not moved for this many ms while records wait,
 *                        or its stream thread has been inside one tier-0 scoring call this long
 */
public record HealthPolicy(long failureWindowMs, long stuckMs) {
}
