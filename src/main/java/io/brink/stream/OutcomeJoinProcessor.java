package io.brink.stream;

import io.brink.config.Accuracy;
import io.brink.model.LoadedModel;
import io.brink.record.CalibrationEvent;
import io.brink.record.DeadLetterReason;
import io.brink.record.ScoreRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;
import java.util.Optional;

/**
 * The outcome join, sole owner of its stores ({@link AccuracyBook}): tier-0 scores are the predictions,
 * outcomes arrive from the intake, and each is joined to the other by (series, ts) in whichever order they
 * come, counting accuracy overall and per robustness bucket. Every joined outcome with its prediction's p̄ and set
 * goes on to the calibration processor (keyed by model). An outcome whose prediction has
 * already expired goes to the dead-letter topic.
 */
final class OutcomeJoinProcessor implements Processor<String, Messages.JoinInput, String, Messages.JoinOutput> {

    static final String NAME = "outcome-join";
    /** The sink of the calibration-events topic. */
    static final String CALIBRATION_SINK = "calibration-events-sink";

    private final LoadedModel model;
    private final Accuracy accuracy;
    private final PipelineListener listener;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, Messages.JoinOutput> context;
    private AccuracyBook book;

    OutcomeJoinProcessor(LoadedModel model, Accuracy accuracy, PipelineListener listener, DeadLetters deadLetters) {
        this.model = model;
        this.accuracy = accuracy;
        this.listener = listener;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, Messages.JoinOutput> context) {
        this.context = context;
        book = AccuracyBook.of(context, accuracy.predictionRetentionMs());
    }

    @Override
    public void process(Record<String, Messages.JoinInput> record) {
        if (record.value() instanceof Messages.Scored scored) {
            ScoreRecord s = scored.score();
            book.predicted(s.series(), s.ts(), stored(s), listener).ifPresent(this::calibrate);
        } else if (record.value() instanceof Messages.OutcomeArrived o) {
            AccuracyBook.OutcomeResult r = book.outcome(o.series(), o.ts(), o.actual(), listener);
            r.labelled().ifPresent(this::calibrate);
            if (r.fate() == AccuracyBook.OutcomeFate.EXPIRED) {
                deadLetters.send(context, o.source(), DeadLetterReason.OUTCOME_EXPIRED, "outcome for ts " + o.ts()
                        + " arrived after its prediction expired: predictions are kept predictions.retention.ms="
                        + accuracy.predictionRetentionMs() + " behind the latest prediction of this partition");
            }
        }
    }

    private AccuracyBook.StoredPrediction stored(ScoreRecord s) {
        Optional<List<Integer>> set = s.predictionSet().map(names -> names.stream()
                .map(n -> model.card().classIndex(n, s.probabilities().length).orElseThrow(() -> new IllegalStateException(
                        "prediction set names an unknown class " + n)))
                .toList());
        return new AccuracyBook.StoredPrediction(s.predictedIndex(), accuracy.bucketOf(s.distanceLinear()),
                Optional.of(s.probabilities()), set, Optional.of(s.model()), Optional.ofNullable(s.modelVersion()));
    }

    private void calibrate(CalibrationEvent e) {
        context.forward(new Record<>(e.model(), new Messages.Calibrating(e), context.currentSystemTimeMs()), CALIBRATION_SINK);
    }
}
