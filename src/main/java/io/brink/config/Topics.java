package io.brink.config;

/** Names of the pipeline's topics. */
public record Topics(String points, String scores, String alerts, String outcomes, String deadLetters) {
}
