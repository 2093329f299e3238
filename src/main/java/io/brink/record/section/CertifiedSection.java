package io.brink.record.section;

import io.brink.engine.stage.Certification;
import io.brink.engine.stage.CertifiedStage;
import io.brink.engine.stage.StageKey;
import io.brink.record.ScoreRecordBuilder;

import java.util.Optional;

/**
 * {@code certified_radius}, {@code certified_radius_linf}, {@code certified_margin_lower}, {@code certified_method},
 * {@code certified_bracketed} when proven; {@code certified_refused} with the reason when refused.
 */
public final class CertifiedSection implements ScoreSection<Certification> {

    @Override
    public StageKey<?, Certification> stage() {
        return CertifiedStage.KEY;
    }

    @Override
    public void write(Certification c, Context context, ScoreRecordBuilder b) {
        if (c instanceof Certification.Proven p) {
            b.certifiedRadius(ScoreSection.finite(p.l2().radius())).certifiedRadiusLinf(ScoreSection.finite(p.linf().radius()))
                    .certifiedMarginLower(ScoreSection.finite(p.l2().marginLower())).certifiedMethod(Optional.of(p.l2().method()))
                    .certifiedBracketed(Optional.of(p.bracketed()));
        } else if (c instanceof Certification.Refused r) {
            b.certifiedRefused(Optional.of(r.reason()));
        }
    }
}
