package io.brink.cli;

import io.brink.engine.stage.StageOption;
import io.brink.engine.stage.Stages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stages' command-line options are generated from their declarations, on both commands that profile, and checked by them. */
class StageCommandOptionsTest {

    @Test
    void everyDeclaredFlagIsAnOptionOfAnalyzeAndReportWithItsDefault() {
        CommandLine cl = BrinkCommand.commandLine();
        for (String command : new String[] {"analyze", "report"}) {
            var spec = cl.getSubcommands().get(command).getCommandSpec();
            for (StageOption o : Stages.options()) {
                if (o.flag().isEmpty()) {
                    continue;
                }
                OptionSpec option = spec.findOption(o.flag().get());
                assertTrue(option != null, command + " has " + o.flag().get());
                String expected = command.equals("report") ? StageCommandOptions.Report.DEFAULTS.getOrDefault(o.flag().get(),
                        o.batchDefault()) : o.batchDefault();
                assertEquals(expected, option.defaultValue(), command + " " + o.flag().get());
                assertTrue(option.description()[0].startsWith(o.description().substring(0, o.description().length() - 1)),
                        String.join(" ", option.description()));
            }
        }
        assertNotEquals(Stages.options().size(), cl.getSubcommands().get("analyze").getCommandSpec().options().size(),
                "the commands' own options are there too");
    }

    @Test
    void aValueOutsideItsStagesCheckIsAUserErrorNamingTheFlag(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o.jsonl");
        Path points = dir.resolve("p.csv");
        Files.writeString(points, "X,0,0.1,0.2,0.3\n");
        for (String[] bad : new String[][] {{"--attack-steps", "0", "≥ 1"}, {"--epsilon", "2", "in (0, 1)"}, {"--pgd-radii", "1,-2", "> 0"}}) {
            AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--model", AnalyzeCommandTest.MODEL.toString(), "--points",
                    points.toString(), "--out", out.toString(), bad[0], bad[1]);
            assertNotEquals(0, r.exit());
            assertTrue(r.err().contains(bad[0] + ": must be " + bad[2]), r.err());
        }
        AnalyzeCommandTest.Run r = AnalyzeCommandTest.run("analyze", "--model", AnalyzeCommandTest.MODEL.toString(), "--points",
                points.toString(), "--out", out.toString(), "--max-hvp", "lots");
        assertEquals(2, r.exit(), "a value of the wrong type is picocli's usage error: " + r.err());
        assertTrue(r.err().contains("--max-hvp"), r.err());
    }
}
