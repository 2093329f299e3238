package io.brink.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shape rules of the production sources: every package says what it is for (package-info.java), and no class
 * is longer than about 300 lines unless it says at its top why ("Why this class is long:").
 */
class SourceShapeTest {

    static final Path MAIN = Path.of("src/main/java");
    static final int MAX_LINES = 320;

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                boolean hasJava;
                try (Stream<Path> files = Files.list(dir)) {
                    hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (hasJava && !Files.exists(dir.resolve("package-info.java"))) {
                    missing.add(MAIN.relativize(dir).toString());
                }
            }
        }
        assertTrue(missing.isEmpty(), "packages without package-info.java: " + missing);
    }

    @Test
    void longClassesSayWhy() throws IOException {
        List<String> unexplained = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                if (lines.size() > MAX_LINES) {
                    String head = String.join("\n", lines.subList(0, Math.min(60, lines.size())));
                    if (!head.contains("Why this class is long:")) {
                        unexplained.add(MAIN.relativize(f) + " (" + lines.size() + " lines)");
                    }
                }
            }
        }
        assertTrue(unexplained.isEmpty(), "classes over " + MAX_LINES + " lines without a reason at their top: " + unexplained);
    }
}
