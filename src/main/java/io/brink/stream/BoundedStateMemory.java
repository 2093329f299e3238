package io.brink.stream;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the memory of all of an instance's RocksDB state stores together (Kafka Streams' bounded-memory recipe):
 * every store's block cache, index and filter blocks and memtables are charged to one LRU cache of
 * {@code state.memory.bytes}, shared by all stores of the process, instead of each store getting its own
 * (which grows with the number of stores times partitions).
 */
public final class BoundedStateMemory implements RocksDBConfigSetter {

    /** The Kafka Streams property carrying the byte budget to this setter. */
    static final String BYTES = "brink.state.memory.bytes";
    /** Share of the budget memtables may take (the rest: block cache, index and filter blocks). */
    private static final double MEMTABLE_SHARE = 0.5;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long budget;

    /** The shared cache and write-buffer manager, made on first use with the configured budget. */
    private static synchronized void init(long bytes) {
        if (cache != null && budget == bytes) {
            return;
        }
        // one budget per process: a second pipeline in the same JVM (tests) with another budget gets its own objects
        cache = new LRUCache(bytes, -1, false, 0.1);
        writeBuffers = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
        budget = bytes;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object v = configs.get(BYTES);
        long bytes = v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
        init(bytes);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store of the process: never closed here
    }
}
