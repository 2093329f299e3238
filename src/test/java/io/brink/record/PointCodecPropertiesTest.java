package io.brink.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the point codec: every valid point survives a JSON and a CSV round trip exactly, and any input
 * at all either parses or is refused with an IllegalArgumentException (which the pipeline turns into a dead letter),
 * never with another exception.
 */
class PointCodecPropertiesTest {

    @Provide
    Arbitrary<Point> points() {
        Arbitrary<String> series = Arbitraries.strings().withCharRange(' ', '\uFFFD').ofMinLength(1).ofMaxLength(PointCodec.MAX_SERIES_CHARS)
                .filter(s -> !s.isBlank());
        Arbitrary<Long> ts = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<double[]> values = Arbitraries.doubles().filter(Double::isFinite).array(double[].class).ofMinSize(1).ofMaxSize(8);
        return Combinators.combine(series, ts, values).as(Point::new);
    }

    @Property(tries = 500)
    void aPointSurvivesJson(@ForAll("points") Point p) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("series", p.series());
        n.put("ts", p.ts());
        n.putPOJO("values", p.values());
        Point back = PointCodec.fromJson(n.toString());
        assertEquals(p.series(), back.series());
        assertEquals(p.ts(), back.ts());
        assertArrayEquals(p.values(), back.values());
    }

    @Property(tries = 500)
    void aPointSurvivesCsv(@ForAll("points") Point p) {
        String series = p.series().replaceAll("[,\\n\\r]", "_").strip();
        if (series.isEmpty()) {
            series = "s";
        }
        StringBuilder line = new StringBuilder(series).append(',').append(p.ts());
        for (double v : p.values()) {
            line.append(',').append(Double.toString(v));
        }
        Point back = PointCodec.fromCsv(line.toString());
        assertEquals(series, back.series());
        assertEquals(p.ts(), back.ts());
        assertArrayEquals(p.values(), back.values());
    }

    @Provide
    Arbitrary<String> anything() {
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> jsonish = Arbitraries.of("{", "}", "[", "]", "\"series\"", "\"ts\"", "\"values\"", ":", ",", "null", "true",
                "1e308", "-1", "NaN", "\"2023-11-14T22:13:20Z\"", "\"x\"", "1.5", "99999999999999999999", "[[1]]", "{}", " ")
                .list().ofMaxSize(30).map(l -> String.join("", l));
        return Arbitraries.oneOf(noise, jsonish);
    }

    @Property(tries = 2000)
    void anyInputParsesOrIsRefusedWithAReason(@ForAll("anything") String text) {
        for (boolean json : new boolean[] {true, false}) {
            try {
                Point p = json ? PointCodec.fromJson(text) : PointCodec.fromCsv(text);
                assertTrue(p.ts() >= 0 && !p.series().isEmpty() && p.values().length > 0, text);
                assertTrue(Arrays.stream(p.values()).allMatch(Double::isFinite), text);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a reason for " + text);
            }
        }
    }

    @Property(tries = 200)
    void timestampsBefore1970AreRefused(@ForAll("points") Point p) {
        long ts = -1 - p.ts() % 1_000_000_000L;
        String json = String.format(Locale.ROOT, "{\"series\":\"a\",\"ts\":%d,\"values\":[1]}", ts);
        try {
            PointCodec.fromJson(json);
            throw new AssertionError("accepted " + json);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("before 1970"), e.getMessage());
        }
    }
}
