package io.brink.config;

/**
 * How much of a rejected record a dead letter keeps, so that it always fits the producer's request limit.
 *
 * @param maxValueBytes original value bytes kept at most (the rest is cut, and the dead letter says so)
 * @param maxKeyBytes   key bytes (UTF-8) kept at most, in the dead letter and as its record key
 */
public record DeadLetterLimits(int maxValueBytes, int maxKeyBytes) {
}
