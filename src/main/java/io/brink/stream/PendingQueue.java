package io.brink.stream;

import io.brink.window.Window;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Windows waiting to be scored, in a persistent, changelogged key-value store (keyed by
 * {@link Window#queueKey()}, so in series order, then sequence order), with a count kept in memory. A window
 * leaves the queue in the same transaction that writes its score. Used by one processor.
 */
final class PendingQueue {

    private final KeyValueStore<String, Window> store;
    private int size;

    /** The queue over {@code store}, counting what a restored store already holds. */
    PendingQueue(KeyValueStore<String, Window> store) {
        this.store = store;
        try (KeyValueIterator<String, Window> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                size++;
            }
        }
    }

    /** Adds a window (each window is added once: its key names its series and sequence number). */
    void add(Window w) {
        store.put(w.queueKey(), w);
        size++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first {@code max} windows in key order, left in the queue. */
    List<Window> peek(int max) {
        List<Window> batch = new ArrayList<>();
        try (KeyValueIterator<String, Window> it = store.all()) {
            while (it.hasNext() && batch.size() < max) {
                batch.add(it.next().value);
            }
        }
        if (batch.isEmpty()) {
            size = 0;
        }
        return batch;
    }

    void remove(List<Window> windows) {
        for (Window w : windows) {
            store.delete(w.queueKey());
        }
        size = Math.max(0, size - windows.size());
    }
}
