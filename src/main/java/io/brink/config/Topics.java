package io.brink.config;

/** Names of the pipeline's topics; {@code modelEvents} carries model reload events. */
public record Topics(String points, String scores, String alerts, String outcomes, String deadLetters, String modelEvents) {
}
