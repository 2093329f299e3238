package io.brink.stream;

import com.fasterxml.jackson.annotation.JsonValue;
import io.brink.record.CalibrationEvent;
import io.brink.record.DeadLetter;
import io.brink.record.ScoreRecord;
import io.brink.window.Window;

/**
 * What Brink's processors hand to each other and to the sinks. Each processor's output type is one of the
 * sealed interfaces here, naming exactly what it may emit; the records wrap the wire types (the sinks write
 * the wrapped value through {@link JsonValue}).
 */
final class Messages {

    private Messages() {
    }

    /** Windowing emits windows to score, dead letters, and series it forgot. */
    sealed interface WindowingOutput permits WindowReady, Rejected, SeriesGone {
    }

    /** Tier-0 scoring takes windows, and series the windowing forgot. */
    sealed interface ScoringInput permits WindowReady, SeriesGone {
    }

    /** Tier 1 takes selected windows, and series the windowing forgot. */
    sealed interface Tier1Input permits Tier1Request, SeriesGone {
    }

    /** The alert rules take score records, and series the windowing forgot. */
    sealed interface AlertInput permits Scored, SeriesGone {
    }

    /** Tier-0 scoring emits score records, windows selected for tier 1, and dead letters of unscorable windows. */
    sealed interface ScoringOutput permits Scored, Tier1Request, Rejected, SeriesGone, Calibrating {
    }

    /** Tier 1 emits score records, and dead letters of unscorable windows. */
    sealed interface Tier1Output permits Scored, Rejected {
    }

    /**
     * A series idle for longer than {@code series.idle.ms}: the windowing dropped its state, and each processor
     * holding per-series state drops its own.
     */
    record SeriesGone(String series) implements WindowingOutput, ScoringInput, ScoringOutput, Tier1Input, AlertInput {
    }

    /** Outcome intake emits parsed outcomes, and dead letters. */
    sealed interface OutcomeOutput permits OutcomeArrived, Rejected {
    }

    /** The outcome join takes tier-0 scores (predictions) and outcomes. */
    sealed interface JoinInput permits Scored, OutcomeArrived {
    }

    /** A window due for scoring. */
    record WindowReady(Window window) implements WindowingOutput, ScoringInput {
    }

    /** The outcome join emits dead letters (expired outcomes) and events for the calibration processor. */
    sealed interface JoinOutput permits Rejected, Calibrating {
    }

    /** A batch of predictions (tier-0 scoring) or a labelled prediction (the join), for the calibration-events topic. */
    record Calibrating(@JsonValue CalibrationEvent event) implements JoinOutput, ScoringOutput {
    }

    /** A rejected input record, for the dead-letter topic. */
    record Rejected(@JsonValue DeadLetter letter) implements WindowingOutput, OutcomeOutput, ScoringOutput, Tier1Output, JoinOutput {
    }

    /** A score record, for the scores topic, the alert rules and (tier 0) the outcome join. */
    record Scored(@JsonValue ScoreRecord score) implements ScoringOutput, Tier1Output, JoinInput, AlertInput {
    }

    /** A window tier 0 selected for tier 1; requests arrive most urgent first. */
    record Tier1Request(Window window) implements ScoringOutput, Tier1Input {
    }

    /**
     * A valid outcome: the realized class index of {@code series} at {@code ts}, with the record it came from
     * (for a dead letter if it can no longer join).
     */
    record OutcomeArrived(String series, long ts, int actual, org.apache.kafka.streams.processor.api.Record<String, byte[]> source)
            implements OutcomeOutput, JoinInput {
    }
}
