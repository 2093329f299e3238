package io.brink.stream;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health judgement from observations: state, replaced threads within the window, stuck tasks, the model. */
class PipelineHealthTest {

    static PipelineHealth.TaskProgress task(long committed, long end) {
        return new PipelineHealth.TaskProgress("0_1", "brink.points-1", committed, end);
    }

    @Test
    void readyOnlyWhileRunningOrRebalancing() {
        PipelineHealth h = new PipelineHealth(60_000, 60_000);
        assertFalse(h.status().ready(), "not ready before the first observation");
        assertTrue(h.observe(0, "REBALANCING", List.of(), true).ready());
        assertTrue(h.observe(1, "RUNNING", List.of(), true).ready());
        PipelineHealth.Status error = h.observe(2, "ERROR", List.of(), true);
        assertFalse(error.ready());
        assertFalse(error.live(), "stopped for good: a restart may help");
        assertTrue(h.observe(3, "PENDING_SHUTDOWN", List.of(), true).live());
        assertFalse(h.observe(4, "RUNNING", List.of(), false).ready(), "no model, not ready");
    }

    @Test
    void aReplacedThreadMakesItNotReadyForTheWindow() {
        PipelineHealth h = new PipelineHealth(10_000, 60_000);
        h.threadFailed(1_000, new IllegalStateException("outer", new ArithmeticException("poison")));
        PipelineHealth.Status s = h.observe(2_000, "RUNNING", List.of(), true);
        assertFalse(s.ready());
        assertTrue(s.live());
        assertTrue(s.problems().get(0).contains("1 time(s)") && s.problems().get(0).contains("ArithmeticException: poison"),
                s.problems().toString());
        h.threadFailed(5_000, new IllegalStateException("again"));
        assertTrue(h.observe(6_000, "RUNNING", List.of(), true).problems().get(0).contains("2 time(s)"));
        assertFalse(h.observe(14_000, "RUNNING", List.of(), true).ready(), "the second failure is still within the window");
        assertTrue(h.observe(15_001, "RUNNING", List.of(), true).ready(), "both failures are older than the window");
        assertEquals(2, h.threadReplacements());
    }

    @Test
    void aTaskIsStuckWhenItsOffsetDoesNotMoveWhileRecordsWait() {
        PipelineHealth h = new PipelineHealth(60_000, 5_000);
        assertTrue(h.observe(0, "RUNNING", List.of(task(10, 20)), true).ready());
        assertTrue(h.observe(4_000, "RUNNING", List.of(task(10, 25)), true).ready(), "not yet stuck");
        PipelineHealth.Status s = h.observe(5_000, "RUNNING", List.of(task(10, 30)), true);
        assertFalse(s.ready());
        assertEquals(1, h.stuckTasks());
        assertTrue(s.problems().get(0).contains("brink.points-1") && s.problems().get(0).contains("20 record(s) waiting"),
                s.problems().toString());
        assertTrue(h.observe(6_000, "RUNNING", List.of(task(31, 31)), true).ready(), "progress makes it ready again");
        assertEquals(0, h.stuckTasks());
        assertTrue(h.observe(60_000, "RUNNING", List.of(task(31, 31)), true).ready(), "an idle task with nothing waiting is not stuck");
        assertTrue(h.observe(61_000, "RUNNING", List.of(task(-1, -1)), true).ready(), "offsets not known yet");
    }

    @Test
    void aThreadHeldInOneScoringCallIsStuckOnceEvenWithNothingWaiting() {
        PipelineHealth h = new PipelineHealth(60_000, 5_000);
        PipelineHealth.BlockedThread call = new PipelineHealth.BlockedThread("t-1", 1_000, java.util.Set.of("0_0", "1_0"));
        assertTrue(h.observe(5_000, "RUNNING", List.of(task(31, 31)), List.of(call), true).ready(), "4 s in one call: not yet");
        PipelineHealth.Status s = h.observe(6_000, "RUNNING", List.of(task(31, 31)), List.of(call), true);
        assertFalse(s.ready(), "5 s in one call, though its input is all committed");
        assertEquals(1, h.stuckTasks());
        assertTrue(s.problems().get(0).contains("t-1 made no progress"), s.problems().toString());
        PipelineHealth h2 = new PipelineHealth(60_000, 5_000);
        h2.observe(0, "RUNNING", List.of(task(10, 20)), true);
        h2.observe(6_000, "RUNNING", List.of(task(10, 20)), List.of(new PipelineHealth.BlockedThread("t-1", 0,
                java.util.Set.of("0_1"))), true);
        assertEquals(1, h2.stuckTasks(), "the thread's stuck task is counted, not the thread again");
        assertTrue(h.observe(7_000, "RUNNING", List.of(task(31, 31)), List.of(), true).ready(), "the call returned");
    }
}
