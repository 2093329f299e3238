package io.brink.stream;

import io.brink.record.AlertRecord;
import io.brink.record.CalibrationRecord;
import io.brink.record.DeadLetterReason;
import io.brink.record.ScoreRecord;

/** Hooks for observing the pipeline (metrics, the demo's live view). All methods default to nothing. */
public interface PipelineListener {

    PipelineListener NONE = new PipelineListener() {
    };

    /** A batch of {@code windows} was scored at tier 0 in {@code nanos}. */
    default void tier0Scored(int windows, long nanos) {
    }

    /** A batch of {@code windows} was scored at tier 1 in {@code nanos} (from start to results). */
    default void tier1Scored(int windows, long nanos) {
    }

    /** A window selected for tier 1 was skipped: the tier-1 queue was full ({@code tier1.overflow=skip}). */
    default void tier1Skipped() {
    }

    /** {@code series}, idle for longer than {@code series.idle.ms}, had its window state removed. */
    default void seriesEvicted(String series) {
    }

    /** An alert changed state. */
    default void alert(AlertRecord alert) {
    }

    /** A record went to the dead-letter topic. */
    default void deadLetter(DeadLetterReason reason) {
    }

    /** A score record was produced (tier 0 for every window, tier 1 for selected ones). */
    default void scored(ScoreRecord score) {
    }

    /** A model's live calibration was brought up to date (every calibration.interval.ms while outcomes or predictions arrive). */
    default void calibrated(CalibrationRecord calibration) {
    }

    /** An outcome was joined to its prediction. */
    default void outcomeJoined(String bucket, boolean correct) {
    }
}
