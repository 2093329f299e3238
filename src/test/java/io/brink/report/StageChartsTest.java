package io.brink.report;

import io.brink.engine.stage.Stages;
import io.brink.record.ScoreRecord;
import io.brink.record.section.ScoreSections;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stages' report charts: each belongs to a registered stage that writes a section of the score record (the fields
 * it draws), and each draws its figures from records that hold its stage's fields, or says why not where they are absent.
 */
class StageChartsTest {

    @Test
    void everyChartBelongsToAStageThatWritesFields() {
        Set<String> seen = new HashSet<>();
        for (StageChart chart : StageCharts.all()) {
            String name = chart.stage().name();
            assertTrue(Stages.names().contains(name), name + " is not a registered stage: " + Stages.names());
            assertTrue(ScoreSections.of(chart.stage()).isPresent(), name + " writes no section for its chart to read");
            assertTrue(seen.add(name), "two charts for " + name);
        }
        assertEquals(Set.of("curvature", "random_directions", "certified"), seen);
    }

    @Test
    void aChartDrawsItsStagesFieldsAndSaysWhyWhenTheyAreAbsent() {
        List<ScoreRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // curvature and the attack, no random directions, no certificate
            records.add(ModelStatsTest.rec("a", i, i % 3, 0.6 + 0.01 * i, 0.5 + 0.1 * i, 0.2 + 0.05 * i, 0.1 + 0.04 * i, 0.5 + i, null));
        }
        List<ModelStats> models = List.of(new ModelStats(new ModelRun("m", "d", records, (s, ts) -> Optional.empty(), Optional.empty(), 1)));
        List<String[]> figures = new ArrayList<>();
        for (StageChart chart : StageCharts.all()) {
            chart.draw(models, (id, heading, content, read) -> figures.add(new String[] {id, content}));
        }
        assertEquals(List.of("curvature", "random", "bracket"), figures.stream().map(f -> f[0]).toList());
        assertTrue(figures.get(0)[1].startsWith("<svg") && figures.get(0)[1].contains("class=\"mark"), "the curvature scatter drew");
        assertTrue(figures.get(1)[1].contains("not run"), figures.get(1)[1]);
        assertTrue(figures.get(2)[1].contains("No bracket to show"), figures.get(2)[1]);
    }
}
