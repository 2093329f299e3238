package io.brink.record.section;

import io.brink.engine.stage.ProfileStage;
import io.brink.engine.stage.StageKey;
import io.brink.engine.stage.Stages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every registered stage writes its section of the score record, and every section belongs to a registered stage. */
class ScoreSectionsTest {

    @Test
    void oneSectionPerRegisteredStage() {
        Set<StageKey<?, ?>> stages = Stages.forModel(List.of()).stream().map(ProfileStage::key).collect(Collectors.toSet());
        Set<StageKey<?, ?>> sections = ScoreSections.all().stream().map(ScoreSection::stage).collect(Collectors.toSet());
        assertEquals(stages, sections, "a stage whose results never reach the record, or a section of no stage");
        assertEquals(ScoreSections.all().size(), sections.size(), "two sections for one stage");
    }
}
