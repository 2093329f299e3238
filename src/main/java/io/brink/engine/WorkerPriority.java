package io.brink.engine;

import io.brink.engine.cpu.ThreadNiceness;

/**
 * The scheduling priority of an engine's worker threads. {@link #BACKGROUND} workers run at the lowest operating-system
 * priority (nice {@value ThreadNiceness#BACKGROUND}), so that while the cores are contended the scheduler gives them to
 * normal-priority threads — tier 0's engine and the stream threads — within its time slice of a few milliseconds,
 * and background work runs on what they leave idle. Where the priority cannot be lowered (see
 * {@link ThreadNiceness#unavailable()}) background workers run at normal priority and {@link #describe()} says so.
 */
public enum WorkerPriority {
    /** The process's own priority. */
    NORMAL,
    /** The lowest priority, where the system allows it. */
    BACKGROUND;

    /** {@code r}, first setting the running thread's priority. */
    Runnable wrap(Runnable r) {
        if (this == NORMAL) {
            return r;
        }
        return () -> {
            ThreadNiceness.setCurrentThread(ThreadNiceness.BACKGROUND);
            r.run();
        };
    }

    /** Whether workers of this priority run below the process's own priority here. */
    public boolean lowers() {
        return this == BACKGROUND && ThreadNiceness.unavailable().isEmpty();
    }

    /** A few words for logs: the priority the workers get here. */
    public String describe() {
        if (this == NORMAL) {
            return "workers at normal priority";
        }
        return ThreadNiceness.unavailable().map(why -> "background workers at normal priority (" + why + ")")
                .orElse("background workers at nice " + ThreadNiceness.BACKGROUND);
    }
}
