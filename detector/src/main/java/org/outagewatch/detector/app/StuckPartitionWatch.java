package org.outagewatch.detector.app;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.outagewatch.detector.common.ProgressEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at WARN, with the reason, when an input partition of the detector stops progressing while it has records to
 * read: the application's committed offset on it has not moved for {@code stuckAfter} (default 45 s, so the line
 * comes within a minute) while the partition holds at least two more records (one may be a transaction marker) or
 * an open transaction. Checked from the outside every {@code stuckAfter / 3} with an admin client, as an operator
 * would, so it sees what the stream threads cannot say themselves. The reason, the first that holds:
 * <ul>
 *   <li>the detector is not RUNNING (rebalancing, restoring its state, or failed);</li>
 *   <li>an open transaction holds the last stable offset at the committed offset: read_committed consumers cannot
 *       read past it until its producer commits or aborts, or the broker aborts it after its
 *       {@code transaction.timeout.ms};</li>
 *   <li>the records from the committed offset were deleted by retention before they were read;</li>
 *   <li>otherwise the task that reads it committed nothing: a blocked or overloaded stream thread, or a task
 *       waiting for another input.</li>
 * </ul>
 * One line per stuck partition and offset, and one INFO line when it moves again. Each check also hands the records
 * left on every input partition to the {@link TaskBacklog} of the stream threads' idle rule: a writer task with
 * records waiting on its input is not idle (see {@link ProgressEmitter}); a failed check (the broker cannot be reached)
 * leaves every watched task's backlog unknown, so that its writer waits too, and when checks keep failing for
 * {@code stuckAfter} one WARN says so. Checks run every 5 s (or {@code stuckAfter / 3} when that is shorter), the
 * first at start.
 *
 * <pre>
 * key (outagewatch.detector.)  default  meaning
 * stuck-after                  45s      warn when an input partition with records to read has not moved this long
 * </pre>
 */
public final class StuckPartitionWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StuckPartitionWatch.class);
    public static final String STUCK_AFTER = DetectorSettings.PREFIX + "stuck-after";
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofSeconds(45);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CHECK_AT_LEAST_EVERY = Duration.ofSeconds(5);

    private final Admin admin;
    private final String group;
    private final List<String> topics;
    private final Duration stuckAfter;
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Collection<TaskMetadata>> activeTasks;
    private final TaskBacklog backlog;
    private final ScheduledExecutorService timer;
    private final Map<TopicPartition, Long> lastOffset = new HashMap<>();
    private final Map<TopicPartition, Long> since = new HashMap<>();
    private final Map<TopicPartition, Long> warnedAt = new HashMap<>();
    /** Wall-clock time of the first of the checks failing in a row; -1 while checks work. */
    private long failingSince = -1;
    private boolean failureWarned;

    /**
     * Watches {@code topics} of consumer group {@code group}, and measures the backlog of the local {@code activeTasks}
     * into {@code backlog}; {@code admin} is closed with the watch.
     */
    public StuckPartitionWatch(final Admin admin, final String group, final List<String> topics, final Duration stuckAfter,
                               final Supplier<KafkaStreams.State> state,
                               final Supplier<Collection<TaskMetadata>> activeTasks, final TaskBacklog backlog) {
        this.admin = admin;
        this.group = group;
        this.topics = List.copyOf(topics);
        this.stuckAfter = stuckAfter;
        this.state = state;
        this.activeTasks = activeTasks;
        this.backlog = backlog;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "detector-stuck-partition-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        final long every = Math.max(1_000L, Math.min(CHECK_AT_LEAST_EVERY.toMillis(), stuckAfter.toMillis() / 3));
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        final long now = System.currentTimeMillis();
        try {
            check(now);
            if (failingSince >= 0) {
                if (failureWarned) {
                    LOG.info("Measuring the input of {} again after {} s", group, (now - failingSince) / 1000);
                }
                failingSince = -1;
                failureWarned = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            backlog.unreachable();
            failed(now, e);
        }
    }

    /** A failed check: DEBUG each time, one WARN once checks have failed for {@code stuckAfter}. */
    private void failed(final long now, final Exception e) {
        LOG.debug("Cannot check the progress of {} on {}: {}", group, topics, e.toString());
        if (failingSince < 0) {
            failingSince = now;
        }
        if (!failureWarned && now - failingSince >= stuckAfter.toMillis()) {
            failureWarned = true;
            LOG.warn("Cannot measure the input of {} for {} s ({}): stuck partitions go unreported, and writer tasks"
                    + " without input wait up to {} x their idle-after before turning idle", group,
                    (now - failingSince) / 1000, rootCause(e), ProgressEmitter.BACKLOG_PATIENCE);
        }
    }

    private static String rootCause(final Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }

    /** One check at wall-clock time {@code now}. */
    void check(final long now) throws Exception {
        final Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> {
            latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
            earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
        }));
        final Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(latest, IsolationLevel.READ_UNCOMMITTED);
        final Map<TopicPartition, ListOffsetsResultInfo> stable = offsets(latest, IsolationLevel.READ_COMMITTED);
        final Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(earliest, IsolationLevel.READ_UNCOMMITTED);
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        final Map<TopicPartition, Long> left = new HashMap<>();
        check(now, ends, stable, starts, committed, left);
        // the tasks after the offsets: a task assigned meanwhile is measured against offsets read for it
        backlog.update(activeTasks.get(), left);
    }

    /** The per-partition part of a check; fills {@code left} with the records left on each partition. */
    private void check(final long now, final Map<TopicPartition, ListOffsetsResultInfo> ends,
                       final Map<TopicPartition, ListOffsetsResultInfo> stable,
                       final Map<TopicPartition, ListOffsetsResultInfo> starts,
                       final Map<TopicPartition, OffsetAndMetadata> committed, final Map<TopicPartition, Long> left) {
        for (final TopicPartition partition : ends.keySet()) {
            final long start = starts.get(partition).offset();
            final OffsetAndMetadata mine = committed.get(partition);
            final long at = mine == null ? start : mine.offset();
            final long end = ends.get(partition).offset();
            left.put(partition, Math.max(0L, end - at));
            final long lso = stable.get(partition).offset();
            final boolean openTransaction = lso < end && lso <= at;
            final boolean behind = end - at > 1 || openTransaction;
            final Long previous = lastOffset.put(partition, at);
            if (!behind || previous == null || previous != at) {
                since.put(partition, now);
                final Long warned = warnedAt.remove(partition);
                if (warned != null) {
                    LOG.info("Input partition {} of {} progresses again: committed offset {} (was stuck at {})", partition,
                            group, at, warned);
                }
                continue;
            }
            final long stuckFor = now - since.getOrDefault(partition, now);
            if (stuckFor >= stuckAfter.toMillis() && !Long.valueOf(at).equals(warnedAt.get(partition))) {
                warnedAt.put(partition, at);
                LOG.warn("Input partition {} of {} has not progressed for {} s: committed offset {}, {} records behind;"
                        + " reason: {}", partition, group, stuckFor / 1000, at, end - at,
                        reason(at, start, lso, end, openTransaction));
            }
        }
    }

    private String reason(final long at, final long start, final long lso, final long end, final boolean openTransaction) {
        final KafkaStreams.State now = state.get();
        if (now != KafkaStreams.State.RUNNING) {
            return "the detector is " + now + " (rebalancing, restoring its state, or failed)";
        }
        if (openTransaction) {
            return "an open transaction holds the last stable offset at " + lso + " (of " + end + "): read_committed"
                    + " consumers cannot read past it until its producer commits or aborts, or the broker aborts it"
                    + " after its transaction.timeout.ms";
        }
        if (start > at) {
            return "the records from offset " + at + " to " + start + " were deleted by retention before they were read";
        }
        return "the task reading it committed nothing: a blocked or overloaded stream thread, or a task waiting for"
                + " another input (max.task.idle.ms)";
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(final Map<TopicPartition, OffsetSpec> specs,
                                                               final IsolationLevel isolation) throws Exception {
        return admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
