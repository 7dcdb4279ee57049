package org.outagewatch.detector.app;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the detector: one block cache shared by all stores of the process,
 * with the memtables counted against it (a write buffer manager), index and filter blocks inside it. The total is
 * {@value #MEMORY_CONFIG} bytes (default {@value #DEFAULT_MEMORY_BYTES}), a third of it for memtables.
 * Without this, each RocksDB store takes its own cache and memtables, so memory grows with the number of
 * stores and partitions.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Total bytes for all RocksDB stores of the process (block cache, memtables, index and filter blocks). */
    public static final String MEMORY_CONFIG = "outagewatch.detector.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    private static final double MEMTABLE_SHARE = 1.0 / 3;

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    /** The shared cache and write buffer manager, made once per process with the first store's setting. */
    private static synchronized void ensureShared(final long totalBytes) {
        if (cache == null) {
            cache = new LRUCache(totalBytes, -1, false, 0.1);
            writeBufferManager = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(final String storeName, final Options options, final Map<String, Object> configs) {
        ensureShared(memoryBytes(configs));
        final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    static long memoryBytes(final Map<String, Object> configs) {
        final Object value = configs.get(MEMORY_CONFIG);
        if (value == null) {
            return DEFAULT_MEMORY_BYTES;
        }
        try {
            final long bytes = Long.parseLong(value.toString().trim());
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("Setting " + MEMORY_CONFIG + " must be at least 1048576 bytes, not " + bytes);
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + MEMORY_CONFIG + " must be a number of bytes, not '" + value + "'", e);
        }
    }

    @Override
    public void close(final String storeName, final Options options) {
        // the cache and the write buffer manager are shared by every store of the process: not closed per store
    }
}
