package io.brink.record.section;

import io.brink.engine.stage.StageKey;
import io.brink.model.LoadedModel;
import io.brink.record.ScoreRecordBuilder;

/**
 * Writes one stage's fields of the score record from that stage's per-window result. Called only for windows the
 * stage ran on; fields it leaves unset stay absent. Field names are the wire format: never renamed, only added (and
 * the schema's version raised).
 */
public interface ScoreSection<R> {

    /** The stage whose results this section writes. */
    StageKey<?, R> stage();

    /** Sets this stage's fields on {@code b} from {@code result}, for a window scored by {@code model}. */
    void write(R result, Context context, ScoreRecordBuilder b);

    /**
     * What a section may need besides its result.
     *
     * @param model            the model that scored the window (class names, input size)
     * @param withPerturbation whether the record carries the attack's δ
     */
    record Context(LoadedModel model, boolean withPerturbation) {
    }

    /** v when finite, else absent (the record never carries NaN or ±∞). */
    static java.util.OptionalDouble finite(double v) {
        return Double.isFinite(v) ? java.util.OptionalDouble.of(v) : java.util.OptionalDouble.empty();
    }

    /** v when present and finite, else absent. */
    static java.util.OptionalDouble finite(java.util.OptionalDouble v) {
        return v.isPresent() ? finite(v.getAsDouble()) : v;
    }
}
