package io.brink.record.section;

import io.brink.engine.stage.PgdOutcome;
import io.brink.engine.stage.PgdStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecord;
import io.brink.record.ScoreRecordBuilder;

import java.util.Optional;

/** {@code pgd}: per radius, whether L2 PGD flipped the window within it (verified). */
public final class PgdSection implements ScoreSection<PgdOutcome> {

    @Override
    public StageKey<?, PgdOutcome> stage() {
        return PgdStage.KEY;
    }

    @Override
    public void write(PgdOutcome p, Context context, ScoreRecordBuilder b) {
        b.pgd(Optional.of(p.radii().stream().map(f -> new ScoreRecord.PgdRadius(f.radius(), f.flipped())).toList()));
    }
}
