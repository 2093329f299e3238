package io.brink.analyze;

import io.brink.record.FeatureOrder;
import io.brink.record.Point;
import io.brink.record.PointCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a points file, JSON Lines or CSV (told apart by the first non-blank character). Feature values are put in the
 * model's order by name where names are given, by {@link FeatureOrder}, the rule the stream uses too: a CSV header
 * ({@code series,ts,<name>,…}) is matched to the card's {@code feature_names} and its columns reordered (a name missing or
 * unknown is an error for the whole file); a CSV without a header is read by position; a JSON point's {@code values}
 * may be an object keyed by feature name. Bad lines are collected with their reasons, not fatal.
 */
public final class PointFileReader {

    /**
     * What a file held: its good points, their line numbers, its rejected lines, how the CSV columns were matched
     * ({@link #columnsNote}), and how many lines were read.
     */
    public record Contents(List<Point> points, List<Long> lines, List<BadRecord> bad, String columnsNote, long linesRead) {
    }

    private PointFileReader() {
    }

    /** Reads {@code path} for a model whose features are named {@code featureNames} (empty: the card names none). */
    public static Contents read(Path path, Optional<List<String>> featureNames) throws IOException {
        return read(path, featureNames, Long.MAX_VALUE);
    }

    /** The first {@code maxLines} lines of {@code path}, read as {@link #read(Path, Optional)} reads the whole file. */
    public static Contents read(Path path, Optional<List<String>> featureNames, long maxLines) throws IOException {
        List<Point> points = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        List<BadRecord> bad = new ArrayList<>();
        Boolean json = null;
        int[] order = null;
        String note = "";
        long no = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while (no < maxLines && (line = in.readLine()) != null) {
                no++;
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                if (json == null) {
                    json = s.startsWith("{");
                    if (!json && s.toLowerCase(Locale.ROOT).startsWith("series,")) {
                        List<String> columns = Arrays.stream(s.split(",", -1)).skip(2).map(String::strip).toList();
                        if (featureNames.isPresent()) {
                            try {
                                order = FeatureOrder.positions(columns, featureNames.get());
                            } catch (FeatureOrder.Mismatch e) {
                                throw new IllegalArgumentException(path + ": the CSV header's " + e.getMessage() + ". Name the "
                                        + "columns as the card does (any order), or drop the header to read them by position");
                            }
                            note = FeatureOrder.identity(order) ? "; CSV columns matched to the card's features by name"
                                    : "; CSV columns reordered by name from " + columns + " to " + featureNames.get();
                        } else {
                            note = "; CSV header names not checked (the card names no features): columns read by position";
                        }
                        continue;
                    }
                }
                try {
                    Point p = json ? PointCodec.fromJson(s, featureNames) : PointCodec.fromCsv(s);
                    if (order != null) {
                        if (p.values().length != order.length) {
                            throw new IllegalArgumentException("has " + p.values().length + " values, the header names " + order.length);
                        }
                        p = new Point(p.series(), p.ts(), FeatureOrder.arrange(p.values(), order));
                    }
                    points.add(p);
                    lines.add(no);
                } catch (IllegalArgumentException e) {
                    bad.add(new BadRecord(no, e.getMessage()));
                }
            }
        }
        return new Contents(points, lines, bad, note, no);
    }
}
