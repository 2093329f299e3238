package io.brink.config;

/**
 * How tier-0 windows are batched.
 *
 * @param size    windows scored together at most (a batch is scored as soon as this many wait)
 * @param flushMs waiting windows are scored at least this often (ms, wall clock); tier-1 batches are checked as often
 */
public record Batching(int size, long flushMs) {
}
