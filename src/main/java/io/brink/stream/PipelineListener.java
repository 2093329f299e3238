package io.brink.stream;

/** Hooks for observing the pipeline (metrics, the demo's live view). All methods default to nothing. */
public interface PipelineListener {

    PipelineListener NONE = new PipelineListener() {
    };

    /** A batch of {@code windows} was scored, {@code tier1} of them at tier 1, in {@code nanos}. */
    default void batchScored(int windows, int tier1, long nanos) {
    }

    /** An alert changed state. */
    default void alert(AlertRecord alert) {
    }

    /** A record went to the dead-letter topic. */
    default void deadLetter(String reason) {
    }
}
