package io.brink.engine.cpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Lowers the operating system's scheduling priority ("nice" value, 0 to 19; higher runs less when the cores are
 * contended) of the calling thread, so that background work — the tier-1 engines — takes the cores only when the
 * tier-0 path leaves them idle. Linux applies a nice value per thread; the call goes to libc's {@code setpriority}
 * through the incubating foreign linker ({@link NativeNice}), which the JVM allows when started with
 * {@code --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED} (the launcher does). Anywhere else
 * the thread keeps its priority and {@link #unavailable()} says why; {@code -Dbrink.background.nice=false} turns it off.
 */
public final class ThreadNiceness {

    /** The nice value background threads get: the lowest priority there is. */
    public static final int BACKGROUND = 19;

    private static final Optional<String> UNAVAILABLE = probe();

    private ThreadNiceness() {
    }

    /** Why threads cannot be lowered here, or empty when they can. */
    public static Optional<String> unavailable() {
        return UNAVAILABLE;
    }

    /**
     * Sets the calling thread's nice value to {@code nice}; returns false (the thread unchanged) where that cannot be
     * done (see {@link #unavailable()}).
     */
    public static boolean setCurrentThread(int nice) {
        if (UNAVAILABLE.isPresent()) {
            return false;
        }
        return NativeNice.set(threadId(), nice);
    }

    /** The calling thread's nice value as the kernel reports it, or empty off Linux. */
    public static Optional<Integer> currentThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            // Fields after the command's closing parenthesis: state is field 3, nice field 19.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Integer.parseInt(f[16]));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The kernel's id of the calling thread (Linux: the last name of /proc/thread-self's target). */
    private static int threadId() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read this thread's id from /proc/thread-self", e);
        }
    }

    private static Optional<String> probe() {
        if ("false".equals(System.getProperty("brink.background.nice"))) {
            return Optional.of("brink.background.nice=false");
        }
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.of("not Linux");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isEmpty()) {
            return Optional.of("start the JVM with --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED");
        }
        if (!Files.isSymbolicLink(Path.of("/proc/thread-self"))) {
            return Optional.of("no /proc/thread-self");
        }
        try {
            return NativeNice.probe();
        } catch (LinkageError | RuntimeException e) {
            return Optional.of("the foreign linker refused: " + e.getMessage());
        }
    }
}
