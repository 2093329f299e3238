package io.brink.engine;

import io.brink.engine.cpu.ThreadNiceness;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Background workers run at the lowest operating-system priority where the JVM may lower it (the tests' JVM is started
 * as the launcher starts Brink's: with the foreign linker and native access), and a normal worker keeps its own.
 */
class WorkerPriorityTest {

    @Test
    void theTestJvmCanLowerThreads() {
        assertEquals(Optional.empty(), ThreadNiceness.unavailable(), "surefire's JVM is started like the launcher's");
    }

    @Test
    void aBackgroundWorkerRunsAtTheLowestPriorityAndANormalOneAtItsOwn() throws InterruptedException {
        Optional<Integer> own = ThreadNiceness.currentThread();
        assertTrue(own.isPresent(), "Linux reports a thread's nice value");
        assertEquals(Optional.of(ThreadNiceness.BACKGROUND), niceInside(WorkerPriority.BACKGROUND));
        assertEquals(own, niceInside(WorkerPriority.NORMAL));
        assertEquals(own, ThreadNiceness.currentThread(), "lowering a worker leaves the thread that started it alone");
        assertEquals("background workers at nice 19", WorkerPriority.BACKGROUND.describe());
    }

    private static Optional<Integer> niceInside(WorkerPriority priority) throws InterruptedException {
        AtomicReference<Optional<Integer>> seen = new AtomicReference<>();
        Thread t = new Thread(priority.wrap(() -> seen.set(ThreadNiceness.currentThread())));
        t.start();
        t.join();
        return seen.get();
    }
}
