package org.outagewatch.detector.app;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What restoring state cost, said in one INFO line each time the detector is RUNNING again after a start or a
 * rebalance: the changelog records restored into active tasks' stores (a start on an empty state directory restores
 * every changelog; a warm standby taking over restores only what it had not applied yet), the standby store
 * partitions promoted to active, and the records the standbys applied meanwhile. Per store partition at DEBUG.
 *
 * <pre>
 * Restored 1234 changelog records into 40 store partitions since the last rebalance (12 standby store partitions
 * promoted to active); standbys applied 56789 records
 * </pre>
 * Called from the stream threads and the state updater: counters only.
 */
final class RestoreLog implements StateRestoreListener, StandbyUpdateListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);

    private final AtomicLong restoredRecords = new AtomicLong();
    private final AtomicLong restoredPartitions = new AtomicLong();
    private final AtomicLong promoted = new AtomicLong();
    private final AtomicLong standbyRecords = new AtomicLong();

    @Override
    public void onRestoreStart(final TopicPartition partition, final String store, final long startOffset,
                               final long endOffset) {
        LOG.debug("Restoring store {} from {} offsets {} to {}", store, partition, startOffset, endOffset);
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String store, final long batchEndOffset,
                                final long restored) {
        restoredRecords.addAndGet(restored);
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String store, final long totalRestored) {
        restoredPartitions.incrementAndGet();
        LOG.debug("Restored store {} from {}: {} records", store, partition, totalRestored);
    }

    @Override
    public void onUpdateStart(final TopicPartition partition, final String store, final long startingOffset) {
        LOG.debug("Standby of store {} follows {} from offset {}", store, partition, startingOffset);
    }

    @Override
    public void onBatchLoaded(final TopicPartition partition, final String store, final TaskId task,
                              final long batchEndOffset, final long batchSize, final long currentEndOffset) {
        standbyRecords.addAndGet(batchSize);
    }

    @Override
    public void onUpdateSuspended(final TopicPartition partition, final String store, final long storeOffset,
                                  final long currentEndOffset, final SuspendReason reason) {
        if (reason == SuspendReason.PROMOTED) {
            promoted.incrementAndGet();
        }
        LOG.debug("Standby of store {} on {} suspended ({}) at offset {} of {}", store, partition, reason, storeOffset,
                currentEndOffset);
    }

    /** Logs the counts since the last call (the detector is RUNNING again) and starts counting anew. */
    void logSinceLastRebalance() {
        LOG.info("Restored {} changelog records into {} store partitions since the last rebalance ({} standby store"
                        + " partitions promoted to active); standbys applied {} records",
                restoredRecords.getAndSet(0), restoredPartitions.getAndSet(0), promoted.getAndSet(0),
                standbyRecords.getAndSet(0));
    }
}
