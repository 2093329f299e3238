package io.brink.stream;

import io.brink.window.Window;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store-backed queue: order by series then sequence, counting, removal, and a count restored from the store. */
class PendingQueueTest {

    static KeyValueStore<String, Window> store() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        KeyValueStore<String, Window> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("q"), Serdes.String(),
                StateSerdes.window()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    static Window w(String series, long seq) {
        return new Window(series, 1000 + seq, seq, 1, 1, new double[] {seq});
    }

    @Test
    void windowsLeaveInSeriesThenSequenceOrder() {
        KeyValueStore<String, Window> store = store();
        PendingQueue q = new PendingQueue(store);
        assertTrue(q.isEmpty());
        for (Window w : List.of(w("b", 1), w("a", 10), w("a", 2), w("b", 0))) {
            q.add(w);
        }
        assertEquals(4, q.size());
        List<Window> first = q.peek(3);
        assertEquals(List.of("a/2", "a/10", "b/0"), first.stream().map(x -> x.series() + "/" + x.seq()).toList());
        assertEquals(4, q.size(), "peeking leaves the windows queued");
        q.remove(first);
        assertEquals(1, q.size());
        assertEquals(1, new PendingQueue(store).size(), "a queue over a restored store counts what it holds");
        q.remove(q.peek(10));
        assertTrue(q.isEmpty());
        assertTrue(q.peek(10).isEmpty());
    }
}
