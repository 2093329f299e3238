package io.brink.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.cli.BrinkCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code brink report} in a real headless Chromium: a report of two shipped models on the demo data (with labels)
 * loads no network resource (every request is the file itself), raises no script error, draws marks in every chart,
 * and its script works (hovering a legend entry dims the other models); the screenshot is kept at
 * {@code target/report-screenshot.png} for a person to look at. Chromium is installed by {@code .ci/run}; without it
 * the test fails under CI and is skipped elsewhere.
 */
class ReportBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

    @Test
    void theReportLoadsNothingRaisesNoErrorAndDrawsEveryChart(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            if (System.getenv("CI") != null) {
                fail("chromium is not on the PATH: .ci/run installs Debian's chromium package");
            }
            Assumptions.abort("chromium is not on the PATH (Debian's chromium package; .ci/run installs it)");
        }
        Path html = dir.resolve("report.html");
        StringWriter err = new StringWriter();
        CommandLine cl = BrinkCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("report", "--model", "data/models/eustock-vol-lstm.onnx", "--model",
                "data/models/eustock-vol-ensemble/member-1.onnx", "--points", "data/eustockmarkets-points.csv", "--labels",
                "data/models/eustock-vol.outcomes.jsonl", "--stride", "40", "--workers", "2", "--certify-sample", "2", "--out", html.toString(), "--summary",
                dir.resolve("summary.json").toString());
        assertEquals(0, exit, err.toString());
        assertTrue(Files.size(html) > 10_000, "a page was written");
        try (HeadlessChromium browser = new HeadlessChromium(chromium.get(), 1340, 1000)) {
            browser.load(html.toUri().toString());
            List<String> network = new ArrayList<>();
            for (String url : browser.requestedUrls()) {
                if (!url.startsWith("file:") && !url.startsWith("data:") && !url.equals("about:blank")) {
                    network.add(url);
                }
            }
            assertTrue(network.isEmpty(), "the page requested " + network);
            assertTrue(browser.requestedUrls().stream().anyMatch(u -> u.startsWith("file:") && u.endsWith("/report.html")),
                    "the page itself was requested: " + browser.requestedUrls());
            assertTrue(browser.errors().isEmpty(), "script errors: " + browser.errors());
            JsonNode charts = browser.evaluate("Array.from(document.querySelectorAll('figure.chart')).map(f => ({id: f.id, "
                    + "marks: f.querySelectorAll('svg .mark').length}))");
            assertTrue(charts.size() >= 8 + 3, "charts on the page: " + charts);
            for (JsonNode c : charts) {
                assertTrue(c.path("marks").asInt() > 0, "chart " + c.path("id").asText() + " drew nothing: " + charts);
            }
            int svgs = browser.evaluate("document.querySelectorAll('figure.chart svg').length").asInt();
            int dimmed = browser.evaluate("(() => { const li = document.querySelector('.legend li');"
                    + " li.dispatchEvent(new MouseEvent('mouseenter')); const n = document.querySelectorAll('svg.dim').length;"
                    + " const on = document.querySelectorAll('svg .mark.on').length;"
                    + " li.dispatchEvent(new MouseEvent('mouseleave')); return on > 0 ? n : -1; })()").asInt();
            assertEquals(svgs, dimmed, "hovering a legend entry dims every chart and keeps that model's marks");
            assertEquals(0, browser.evaluate("document.querySelectorAll('svg.dim').length").asInt(), "leaving it restores them");
            assertTrue(browser.errors().isEmpty(), "script errors after hovering: " + browser.errors());
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, browser.screenshot());
            assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot");
        }
    }
}
