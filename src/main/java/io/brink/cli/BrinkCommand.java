package io.brink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code brink} command line: live robustness monitoring for RNN sequence classifiers. */
@Command(name = "brink", mixinStandardHelpOptions = true, versionProvider = BrinkCommand.Version.class,
        description = "Brink: how close each window's decision is to flipping, and how far to trust it.",
        subcommands = {DemoCommand.class, CheckCommand.class, AnalyzeCommand.class, ReportCommand.class, BenchCommand.class, BrokerCommand.class, RunCommand.class,
                CommandLine.HelpCommand.class})
public final class BrinkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (used by main and by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BrinkCommand());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        return cl;
    }

    /** Version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BrinkCommand.class.getPackage().getImplementationVersion();
            return new String[] {"brink " + (v == null ? "dev" : v)};
        }
    }
}
