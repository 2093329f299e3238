package io.brink.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether a running pipeline is live and ready, judged from what it observes about itself (every second, by the
 * running pipeline): its Kafka Streams state, the stream threads that failed and were replaced, and each task's
 * progress through its input. Ready means it is scoring: running (or rebalancing), no stream thread failed within
 * {@code health.failure.window.ms} (a thread replaced in a loop, e.g. by a poison pill, never counts as ready), no
 * task stuck (its committed offset unmoved for {@code health.stuck.ms} while records wait), and the model loaded.
 * Live means the process should not be restarted: Kafka Streams has not stopped for good.
 */
public final class PipelineHealth {

    /** The judgement, with the reasons it is not ready (empty when ready). */
    public record Status(boolean live, boolean ready, String state, List<String> problems) {

        public Status {
            problems = List.copyOf(problems);
        }

        /** Before the pipeline has started. */
        public static Status starting() {
            return new Status(true, false, "STARTING", List.of("the pipeline is starting"));
        }
    }

    /** One input partition of one task: its committed offset and the highest offset seen (−1 when not known). */
    public record TaskProgress(String task, String partition, long committed, long end) {
    }

    /** A stream thread inside one fast-lane scoring call since {@code since} (wall-clock ms), and its active tasks. */
    public record BlockedThread(String thread, long since, java.util.Set<String> tasks) {
    }

    private static final Set<String> READY_STATES = Set.of("RUNNING", "REBALANCING");
    private static final Set<String> DEAD_STATES = Set.of("ERROR", "PENDING_ERROR", "NOT_RUNNING");

    private final long failureWindowMs;
    private final long stuckMs;
    private final Deque<Long> failures = new ArrayDeque<>();
    private final Map<String, long[]> progress = new HashMap<>();
    private long replacements;
    private String lastFailure = "";
    private int stuck;
    private volatile Status status = Status.starting();

    /** Judges with the given windows (ms). */
    public PipelineHealth(long failureWindowMs, long stuckMs) {
        this.failureWindowMs = failureWindowMs;
        this.stuckMs = stuckMs;
    }

    /** A stream thread failed at {@code now} and is being replaced. */
    public synchronized void threadFailed(long now, Throwable e) {
        replacements++;
        failures.addLast(now);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        lastFailure = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Judges the pipeline from one observation at {@code now} and returns the new status. */
    public synchronized Status observe(long now, String state, List<TaskProgress> tasks, boolean modelLoaded) {
        return observe(now, state, tasks, List.of(), modelLoaded);
    }

    /**
     * The same, with the stream threads inside a scoring call: one held there for {@code health.stuck.ms} counts as one
     * stuck task when none of its tasks is stuck already (it may have committed all its input before it blocked).
     */
    public synchronized Status observe(long now, String state, List<TaskProgress> tasks, List<BlockedThread> calls,
                                       boolean modelLoaded) {
        List<String> problems = new ArrayList<>();
        if (!READY_STATES.contains(state)) {
            problems.add("the pipeline is " + state);
        }
        while (!failures.isEmpty() && failures.peekFirst() < now - failureWindowMs) {
            failures.removeFirst();
        }
        if (!failures.isEmpty()) {
            problems.add(String.format(Locale.ROOT, "a stream thread failed and was replaced %d time(s) in the last %d s; last: %s",
                    failures.size(), failureWindowMs / 1000, abbreviate(lastFailure)));
        }
        stuck = 0;
        java.util.Set<String> stuckTasks = new java.util.HashSet<>();
        Map<String, long[]> seen = new HashMap<>();
        for (TaskProgress t : tasks) {
            String key = t.task() + " " + t.partition();
            long committed = Math.max(0, t.committed());
            long[] before = progress.get(key);
            long since = before != null && before[0] == committed ? before[1] : now;
            seen.put(key, new long[] {committed, since});
            long waiting = t.end() < 0 ? 0 : t.end() - committed;
            if (waiting > 0 && now - since >= stuckMs) {
                stuck++;
                stuckTasks.add(t.task());
                problems.add(String.format(Locale.ROOT, "task %s made no progress on %s for %d s with %d record(s) waiting", t.task(),
                        t.partition(), (now - since) / 1000, waiting));
            }
        }
        progress.clear();
        progress.putAll(seen);
        for (BlockedThread b : calls) {
            if (now - b.since() >= stuckMs && java.util.Collections.disjoint(b.tasks(), stuckTasks)) {
                stuck++;
                problems.add(String.format(Locale.ROOT, "stream thread %s made no progress: one scoring call has run for %d s",
                        b.thread(), (now - b.since()) / 1000));
            }
        }
        if (!modelLoaded) {
            problems.add("no model is loaded");
        }
        status = new Status(!DEAD_STATES.contains(state), problems.isEmpty(), state, problems);
        return status;
    }

    /** The latest judgement. */
    public Status status() {
        return status;
    }

    /** Stream threads replaced since start. */
    public synchronized long threadReplacements() {
        return replacements;
    }

    /** Tasks stuck at the latest observation. */
    public synchronized int stuckTasks() {
        return stuck;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
