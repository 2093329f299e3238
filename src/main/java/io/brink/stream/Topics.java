package io.brink.stream;

/** Names of the pipeline's topics. */
public record Topics(String points, String scores, String alerts, String outcomes, String deadLetters) {

    public static Topics defaults() {
        return new Topics("brink.points", "brink.scores", "brink.alerts", "brink.outcomes", "brink.dlq");
    }
}
