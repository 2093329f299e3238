package io.brink.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Brink command ({@code brink broker}, {@code brink run}) as a real OS process on this test's classpath, with
 * its output in a file, so that tests can stop it cleanly (SIGTERM) or kill it (SIGKILL) and start it again.
 */
final class BrinkProcess implements AutoCloseable {

    private final String name;
    private final Path log;
    private final Process process;
    /** Where this process's output starts in the log (a restarted process appends to its predecessor's). */
    private final int from;

    private BrinkProcess(String name, Path log, Process process, int from) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.from = from;
    }

    /** Starts {@code brink ARGS} with INFO logging and the launcher's collector and modules for the service, its stdout and stderr appended to {@code log}. */
    static BrinkProcess start(String name, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx768m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=100",
                "--add-modules", "jdk.incubator.vector,jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "io.brink.cli.BrinkCommand"));
        cmd.addAll(List.of(args));
        Files.writeString(log, "", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        int from = Files.readString(log).length();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new BrinkProcess(name, log, p, from);
    }

    /** Waits until the output holds a line matching {@code regex}; its first group. */
    String await(String regex, Duration timeout) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(Files.readString(log).substring(from));
            if (m.find()) {
                return m.groupCount() > 0 ? m.group(1) : m.group();
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before printing /" + regex + "/:\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not print /" + regex + "/ within " + timeout + ":\n" + tail());
    }

    /** SIGKILL: no shutdown hook, no clean close; waits until it is gone. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: a clean stop through the shutdown hooks; waits until it is gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not stop within 60 s of SIGTERM");
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
