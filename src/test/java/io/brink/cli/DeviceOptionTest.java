package io.brink.cli;

import io.brink.engine.cuda.CudaRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --device} on the command line: one clear line when CUDA is asked for and not usable, auto falls back. */
class DeviceOptionTest {

    private static Path points(Path dir) throws Exception {
        Path p = dir.resolve("p.csv");
        StringBuilder b = new StringBuilder();
        for (int t = 1; t <= 7; t++) {
            b.append("X,").append(t).append(",0.1,0.2,").append(0.1 * t).append('\n');
        }
        Files.writeString(p, b.toString());
        return p;
    }

    @Test
    void cudaWhereItCannotBeUsedIsOneLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(CudaRuntime.problem().isPresent(), "this machine can use CUDA");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--model", AnalyzeCommandTest.MODEL.toString(), "--points",
                points(dir).toString(), "--out", dir.resolve("o").toString(), "--device", "cuda");
        assertEquals(1, r.exit(), r.err());
        java.util.List<String> lines = r.err().strip().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("brink analyze: CUDA was asked for but cannot be used: "), r.err());
        assertEquals(1, lines.stream().filter(l -> l.contains("CUDA")).count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
    }

    @Test
    void autoFallsBackToTheCpuAndScores(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(CudaRuntime.problem().isPresent(), "this machine can use CUDA");
        Path out = dir.resolve("o.jsonl");
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--model", AnalyzeCommandTest.MODEL.toString(), "--points",
                points(dir).toString(), "--out", out.toString(), "--device", "auto");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, Files.readAllLines(out).size());
    }

    @Test
    void anUnknownDeviceIsAUsageError(@TempDir Path dir) throws Exception {
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--model", AnalyzeCommandTest.MODEL.toString(), "--points",
                points(dir).toString(), "--out", dir.resolve("o").toString(), "--device", "tpu");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("--device: unknown device 'tpu': use cpu, cuda, cuda:N or auto"), r.err());
    }
}
