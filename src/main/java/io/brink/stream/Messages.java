package io.brink.stream;

import com.fasterxml.jackson.annotation.JsonValue;
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

    /** Windowing emits windows to score, and dead letters. */
    sealed interface WindowingOutput permits WindowReady, Rejected {
    }

    /** Tier-0 scoring emits score records, windows selected for tier 1, and dead letters of unscorable windows. */
    sealed interface ScoringOutput permits Scored, Tier1Request, Rejected {
    }

    /** Tier 1 emits score records, and dead letters of unscorable windows. */
    sealed interface Tier1Output permits Scored, Rejected {
    }

    /** Outcome intake emits parsed outcomes, and dead letters. */
    sealed interface OutcomeOutput permits OutcomeArrived, Rejected {
    }

    /** The outcome join takes tier-0 scores (predictions) and outcomes. */
    sealed interface JoinInput permits Scored, OutcomeArrived {
    }

    /** A window due for scoring. */
    record WindowReady(Window window) implements WindowingOutput {
    }

    /** A rejected input record, for the dead-letter topic. */
    record Rejected(@JsonValue DeadLetter letter) implements WindowingOutput, OutcomeOutput, ScoringOutput, Tier1Output {
    }

    /** A score record, for the scores topic, the alert rules and (tier 0) the outcome join. */
    record Scored(@JsonValue ScoreRecord score) implements ScoringOutput, Tier1Output, JoinInput {
    }

    /** A window tier 0 selected for tier 1; requests arrive most urgent first. */
    record Tier1Request(Window window) implements ScoringOutput {
    }

    /**
     * A valid outcome: the realized class index of {@code series} at {@code ts}, with the record it came from
     * (for a dead letter if it can no longer join).
     */
    record OutcomeArrived(String series, long ts, int actual, org.apache.kafka.streams.processor.api.Record<String, byte[]> source)
            implements OutcomeOutput, JoinInput {
    }
}
