package io.brink.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Points by name in the stream: a point whose values are keyed by the card's feature names (any order) is windowed and
 * scored exactly as the same point given as a list; names that do not match the card go to the dead-letter topic with
 * reason code feature_names. The model is lstm1_linear (features price, volume, spread).
 */
class PointsByNameTopologyTest {

    static List<JsonNode> read(org.apache.kafka.streams.TestOutputTopic<String, String> topic) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String v : topic.readValuesToList()) {
            out.add(json.readTree(v));
        }
        return out;
    }

    @Test
    void namedValuesScoreAsTheListAndMismatchesAreDeadLettered() throws Exception {
        List<String> byList;
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "1", "tier1.every", "0"))) {
            for (long t = 1; t <= 7; t++) {
                f.point("A", t);
            }
            byList = read(f.scores).stream().map(n -> n.get("margin").asText() + "/" + n.get("predicted").asText()).toList();
        }
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "1", "tier1.every", "0"))) {
            for (long t = 1; t <= 7; t++) {
                f.points.pipeInput("A", String.format(Locale.ROOT, "{\"series\":\"A\",\"ts\":%d,\"values\":{\"spread\":%.6f,"
                        + "\"price\":%.6f,\"volume\":%.6f}}", t, 0.1 * (t % 5), Math.sin(t * 0.7), Math.cos(t * 0.3)));
            }
            f.points.pipeInput("A", "{\"series\":\"A\",\"ts\":8,\"values\":{\"price\":1,\"vol\":2,\"spread\":3}}");
            List<String> byName = read(f.scores).stream().map(n -> n.get("margin").asText() + "/" + n.get("predicted").asText()).toList();
            assertEquals(2, byName.size());
            assertEquals(byList, byName, "values by name are the same windows as values by position");
            List<JsonNode> dead = read(f.dlq);
            assertEquals(1, dead.size());
            assertEquals("feature_names", dead.get(0).get("reason_code").asText());
            String reason = dead.get(0).get("reason").asText();
            assertTrue(reason.contains("missing volume") && reason.contains("unknown vol"), reason);
        }
    }
}
