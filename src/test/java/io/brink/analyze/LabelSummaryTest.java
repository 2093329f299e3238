package io.brink.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.calibration.CalibrationSettings;
import io.brink.calibration.ModelCalibration;
import io.brink.record.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSummaryTest {

    @Test
    void writesTheGivenSetsAndTheSplitConformalReference() throws Exception {
        ModelCalibration c = new ModelCalibration(new CalibrationSettings(100, 0.1, 0.05, 500, 1000, 50));
        Random r = new Random(3);
        List<double[]> p = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<List<Integer>> sets = new ArrayList<>();
        int covered = 0;
        for (int i = 0; i < 400; i++) {
            double a = 0.2 + 0.6 * r.nextDouble();
            double[] pi = {a, (1 - a) * 0.7, (1 - a) * 0.3};
            int cls = r.nextDouble() < a ? 0 : r.nextDouble() < 0.7 ? 1 : 2;
            List<Integer> set = c.rule().apply(pi);
            c.labelled(pi, cls, set);
            p.add(pi);
            y.add(cls);
            sets.add(set);
            covered += set.contains(cls) ? 1 : 0;
        }
        JsonNode j = Json.mapper().valueToTree(LabelSummary.of(c, "single", p, y, sets));
        assertEquals(400, j.path("sets").path("windows").asInt());
        assertEquals(covered / 400.0, j.path("sets").path("coverage").asDouble(), 1e-12);
        assertEquals(100, j.path("sets").path("rolling_window").asInt());
        assertTrue(j.path("sets").path("rolling_coverage_min").asDouble() <= covered / 400.0);
        JsonNode split = j.path("split_conformal");
        assertEquals(200, split.path("calibration_windows").asInt());
        assertEquals(200, split.path("test").path("windows").asInt());
        assertEquals(LabelSummary.SPLIT_SEED, split.path("seed").asLong());
        assertTrue(split.path("test").path("mean_set_size").asDouble() >= 1);
    }

    @Test
    void noSetFiguresWithoutLabelledWindows() throws Exception {
        ModelCalibration c = new ModelCalibration(CalibrationSettings.defaults());
        JsonNode j = Json.mapper().valueToTree(LabelSummary.of(c, "single", List.of(), List.of(), List.of()));
        assertFalse(j.has("sets"));
        assertFalse(j.has("split_conformal"));
        assertEquals(0, j.path("windows").asInt());
    }
}
