package io.brink.report;

import io.brink.cli.BrinkCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code brink report} without labels, and its errors. */
class ReportCommandTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cl = BrinkCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void withoutLabelsThePageShowsStabilityAndNoCalibration(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        StringWriter err = new StringWriter();
        int exit = run(err, "report", "--model", "data/models/eustock-vol-lstm.onnx", "--points", "data/eustockmarkets-points.csv",
                "--stride", "200", "--radii", "none", "--certify-sample", "2", "--out", html.toString(), "--title", "A <test> & title");
        assertEquals(0, exit, err.toString());
        String page = Files.readString(html);
        assertTrue(page.contains("Prediction stability against the radius"), "no labels: stability");
        assertFalse(page.contains("id=\"reliability\""), "no reliability diagram without labels");
        assertFalse(page.contains("accuracy under the attack"));
        assertTrue(page.contains("<title>A &lt;test&gt; &amp; title</title>"), "the title is escaped");
        assertTrue(page.contains("Random directions were not run"), "says why a chart is empty");
        assertTrue(page.contains("id=\"bracket\"") && page.contains("median certified/attack"), "the bracket of the sampled windows");
        assertTrue(page.contains("id=\"certified-share\""), "certified at ε beside not flipped at ε");
        assertTrue(page.contains("flipped windows beyond it"), "the ε axis says what it leaves out");
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("src="), "nothing to fetch");
        assertTrue(err.toString().contains("brink report: wrote"), err.toString());
    }

    @Test
    void errorsAreOneLine(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        int exit = run(err, "report", "--model", dir.resolve("missing.onnx").toString(), "--points", "data/eustockmarkets-points.csv",
                "--out", dir.resolve("r.html").toString());
        assertEquals(1, exit, err.toString());
        assertTrue(err.toString().startsWith("brink report: "), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        StringWriter err2 = new StringWriter();
        Path shortPoints = dir.resolve("p.csv");
        Files.writeString(shortPoints, "A,1,0.1\nA,2,0.2\n");
        exit = run(err2, "report", "--model", "data/models/eustock-vol-lstm.onnx", "--points", shortPoints.toString(), "--out",
                dir.resolve("r.html").toString());
        assertEquals(1, exit, err2.toString());
        assertTrue(err2.toString().contains("scored no window"), err2.toString());
        assertFalse(Files.exists(dir.resolve("r.html")), "no page for nothing");
    }
}
