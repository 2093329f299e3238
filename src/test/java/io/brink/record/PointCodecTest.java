package io.brink.record;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointCodecTest {

    @Test
    void parsesJsonWithEpochOrIsoTimestamps() {
        Point a = PointCodec.fromJson("{\"series\": \"DAX\", \"ts\": 1700000000000, \"values\": [0.1, 2.3, -0.4]}");
        assertEquals("DAX", a.series());
        assertEquals(1700000000000L, a.ts());
        assertArrayEquals(new double[] {0.1, 2.3, -0.4}, a.values());
        assertEquals(1700000000000L, PointCodec.fromJson("{\"series\":\"x\",\"ts\":\"2023-11-14T22:13:20Z\",\"values\":[1]}").ts());
        assertEquals(1700000000000L, PointCodec.fromJson("{\"series\":\"x\",\"ts\":\"2023-11-14T23:13:20+01:00\",\"values\":[1]}").ts());
        assertEquals(86_400_000L, Timestamps.parse("1970-01-02"));
    }

    @Test
    void parsesCsv() {
        Point p = PointCodec.fromCsv("SMI, 1700000000000, 1.5, -2");
        assertEquals("SMI", p.series());
        assertArrayEquals(new double[] {1.5, -2}, p.values());
    }

    @Test
    void badLinesSayWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PointCodec.fromJson("{oops")).getMessage().contains("JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PointCodec.fromJson("{\"series\":\"a\",\"values\":[1]}")).getMessage().contains("ts"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PointCodec.fromJson("{\"series\":\"a\",\"ts\":1,\"values\":[1,\"x\"]}")).getMessage().contains("value 2"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PointCodec.fromCsv("a,yesterday,1")).getMessage().contains("yesterday"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PointCodec.fromCsv("a,1,NaN")).getMessage().contains("not finite"));
    }
}
