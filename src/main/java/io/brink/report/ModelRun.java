package io.brink.report;

import io.brink.analyze.LabelSummary;
import io.brink.record.ScoreRecord;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One model's pass over the points: its name and description, the analyze path's records (one per scored window), the
 * realized class of each labelled window ({@code labelOf}: series and ts → class index, empty when unlabelled), the
 * label summary (calibration, conformal coverage) when labels were given, and the seconds it took.
 */
public record ModelRun(String name, String description, List<ScoreRecord> records,
                       BiFunction<String, Long, Optional<Integer>> labelOf, Optional<LabelSummary> labelled, double seconds) {

    public ModelRun {
        records = List.copyOf(records);
    }

    /** Whether labels were given. */
    public boolean hasLabels() {
        return labelled.isPresent();
    }
}
