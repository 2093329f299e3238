package io.brink.analyze;

import io.brink.record.Point;
import io.brink.record.PointCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a points file, JSON Lines or CSV (told apart by the first non-blank character; a CSV header
 * line starting with "series" is skipped). Bad lines are collected with their reasons, not fatal.
 */
public final class PointFileReader {

    /** What a file held: its good points and its rejected lines. */
    public record Contents(List<Point> points, List<Long> lines, List<BadRecord> bad) {
    }

    private PointFileReader() {
    }

    public static Contents read(Path path) throws IOException {
        List<Point> points = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<BadRecord> bad = new ArrayList<>();
        Boolean json = null;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (json == null) {
                    json = s.startsWith("{");
                    if (!json && s.toLowerCase(java.util.Locale.ROOT).startsWith("series,")) {
                        continue;
                    }
                }
                try {
                    points.add(json ? PointCodec.fromJson(s) : PointCodec.fromCsv(s));
                    lines.add(no);
                } catch (IllegalArgumentException e) {
                    bad.add(new BadRecord(no, e.getMessage()));
                }
            }
        }
        return new Contents(points, lines, bad);
    }
}
