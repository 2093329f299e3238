package io.brink.stream;

import io.brink.config.Accuracy;
import io.brink.record.DeadLetterReason;
import io.brink.record.ScoreRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The outcome join, sole owner of its stores ({@link AccuracyBook}): tier-0 scores are the predictions,
 * outcomes arrive from the intake, and each is joined to the other by (series, ts) in whichever order they
 * come, counting accuracy overall and per robustness bucket. An outcome whose prediction has already expired
 * goes to the dead-letter topic.
 */
final class OutcomeJoinProcessor implements Processor<String, Messages.JoinInput, String, Messages.Rejected> {

    static final String NAME = "outcome-join";

    private final Accuracy accuracy;
    private final PipelineListener listener;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, Messages.Rejected> context;
    private AccuracyBook book;

    OutcomeJoinProcessor(Accuracy accuracy, PipelineListener listener, DeadLetters deadLetters) {
        this.accuracy = accuracy;
        this.listener = listener;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, Messages.Rejected> context) {
        this.context = context;
        book = AccuracyBook.of(context, accuracy.predictionRetentionMs());
    }

    @Override
    public void process(Record<String, Messages.JoinInput> record) {
        if (record.value() instanceof Messages.Scored scored) {
            ScoreRecord s = scored.score();
            book.predicted(s.series(), s.ts(), s.predictedIndex(), accuracy.bucketOf(s.distanceLinear()), listener);
        } else if (record.value() instanceof Messages.OutcomeArrived o
                && book.outcome(o.series(), o.ts(), o.actual(), listener) == AccuracyBook.OutcomeFate.EXPIRED) {
            deadLetters.send(context, o.source(), DeadLetterReason.OUTCOME_EXPIRED, "outcome for ts " + o.ts()
                    + " arrived after its prediction expired: predictions are kept predictions.retention.ms="
                    + accuracy.predictionRetentionMs() + " behind the latest prediction of this partition");
        }
    }
}
