package org.outagewatch.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.outagewatch.ingest.publish.EventTimeProgress;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays archived files in event-time order: a k-way merge over one stream per file. Consumes {@link ReplaySource}s
 * (each read on its own thread into a bounded queue, so memory stays bounded whatever the file sizes); produces
 * their events into one {@link RecordSink} on the calling thread, by event time (ties: the earlier file on the
 * command line, then file order), paced by a {@link ReplayPacer}. Rejections (dead letters) are passed on as their
 * file's stream reaches them.
 *
 * <p>A file need not be sorted within itself: each stream goes through a reorder buffer of {@code reorderBuffer}
 * records (the earliest is released when it is full, the rest at the end of the file), so disorder within that many
 * records is repaired. A record that arrives after a later one of its file was already released is <b>late</b>: it
 * is still replayed, right away (out of order, with its own event time as the record timestamp), logged at WARN (the
 * first few per file) and counted in {@link Stats#late}.
 *
 * <p>Progress ({@link EventTimeProgress}) is told every event replayed, the bytes read of the files and the latest
 * event time read (while they are being read) and, once every file has been read to its end, the last event time of
 * the input (the span's end).
 */
public final class EventTimeMerger {
    /** The default reorder buffer: 100,000 records per file. */
    public static final int DEFAULT_REORDER_BUFFER = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(EventTimeMerger.class);
    private static final int QUEUE_CAPACITY = 4096;
    private static final int LATE_LOGGED_PER_FILE = 10;

    /** What a replay did. */
    public record Stats(long events, long rejected, long late) {
    }

    private sealed interface Item permits Event, Reject, End {
    }

    private record Event(Keyed record, long sequence) implements Item {
        Instant time() {
            return record.eventTime();
        }
    }

    private record Reject(Origin origin, String reason, Throwable error, byte[] payload) implements Item {
    }

    private record End(RuntimeException failure) implements Item {
    }

    private record Head(int source, Event event) {
    }

    private static final Comparator<Event> BY_TIME = Comparator.comparing(Event::time)
            .thenComparingLong(Event::sequence);

    private final int reorderBuffer;

    public EventTimeMerger(final int reorderBuffer) {
        if (reorderBuffer < 1) {
            throw new IllegalArgumentException("The reorder buffer must hold at least one record: " + reorderBuffer);
        }
        this.reorderBuffer = reorderBuffer;
    }

    /**
     * Replays the sources into the sink.
     *
     * @throws RuntimeException the failure of a source that could not be read (after what came before it)
     */
    public Stats merge(final List<ReplaySource> sources, final RecordSink sink, final ReplayPacer pacer)
            throws InterruptedException {
        return merge(sources, sink, pacer, new EventTimeProgress("replay", System.err, EventTimeProgress.Mode.OFF,
                Duration.ofSeconds(5), System::nanoTime));
    }

    /**
     * Replays the sources into the sink, telling {@code progress} of each event.
     *
     * @throws RuntimeException the failure of a source that could not be read (after what came before it)
     */
    public Stats merge(final List<ReplaySource> sources, final RecordSink sink, final ReplayPacer pacer,
                       final EventTimeProgress progress) throws InterruptedException {
        final List<BlockingQueue<Item>> queues = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final AtomicLong late = new AtomicLong();
        final AtomicLong lastRead = new AtomicLong(Long.MIN_VALUE);
        final AtomicInteger finished = new AtomicInteger();
        progress.bytes(sources.stream().mapToLong(ReplaySource::size).sum(),
                () -> sources.stream().mapToLong(source -> source.bytesRead().getAsLong()).sum());
        for (int i = 0; i < sources.size(); i++) {
            final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
            queues.add(queue);
            final ReplaySource source = sources.get(i);
            final Thread thread = new Thread(() -> produce(source, queue, late, lastRead, finished), "replay-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        long events = 0;
        long rejected = 0;
        try {
            final PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head head) -> head.event().time())
                    .thenComparingInt(Head::source).thenComparingLong(head -> head.event().sequence()));
            final long[] rejectedCount = {0};
            for (int i = 0; i < queues.size(); i++) {
                final Event first = next(queues.get(i), sink, rejectedCount);
                if (first != null) {
                    heads.add(new Head(i, first));
                }
            }
            boolean spanKnown = false;
            while (!heads.isEmpty()) {
                final Head head = heads.poll();
                pacer.await(head.event().time());
                sink.accept(head.event().record());
                events++;
                if (!spanKnown && finished.get() == sources.size()) {
                    spanKnown = true;
                    progress.spanEnd(Instant.ofEpochMilli(lastRead.get()));
                } else if (!spanKnown) {
                    progress.readUpTo(lastRead.get());
                }
                progress.rejected(rejectedCount[0]);
                progress.event(head.event().time());
                final Event following = next(queues.get(head.source()), sink, rejectedCount);
                if (following != null) {
                    heads.add(new Head(head.source(), following));
                }
            }
            rejected = rejectedCount[0];
        } finally {
            threads.forEach(Thread::interrupt);
        }
        return new Stats(events, rejected, late.get());
    }

    /** The next event of a stream, passing rejections on; null at its end. */
    private static Event next(final BlockingQueue<Item> queue, final RecordSink sink, final long[] rejected)
            throws InterruptedException {
        while (true) {
            final Item item = queue.take();
            if (item instanceof Event event) {
                return event;
            }
            if (item instanceof Reject reject) {
                sink.reject(reject.origin(), reject.reason(), reject.error(), reject.payload());
                rejected[0]++;
            } else {
                final End end = (End) item;
                if (end.failure() != null) {
                    throw end.failure();
                }
                return null;
            }
        }
    }

    private void produce(final ReplaySource source, final BlockingQueue<Item> queue, final AtomicLong lateTotal,
                         final AtomicLong lastRead, final AtomicInteger finished) {
        final StreamCollector collector = new StreamCollector(source.name(), queue, lastRead);
        RuntimeException failure = null;
        try {
            source.reader().accept(collector);
            collector.drain();
        } catch (ReplayInterrupted e) {
            return;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (collector.late > 0) {
            LOG.warn("{}: {} late records replayed out of order (file not sorted beyond the reorder buffer of {})",
                    source.name(), collector.late, reorderBuffer);
            lateTotal.addAndGet(collector.late);
        }
        finished.incrementAndGet();
        try {
            queue.put(new End(failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One file's stream: its events through the reorder buffer into the queue, rejections straight on. */
    private final class StreamCollector implements RecordSink {
        private final String name;
        private final BlockingQueue<Item> queue;
        private final AtomicLong lastRead;
        private final PriorityQueue<Event> buffer = new PriorityQueue<>(BY_TIME);
        private long sequence;
        private Instant released;
        private long late;

        StreamCollector(final String name, final BlockingQueue<Item> queue, final AtomicLong lastRead) {
            this.name = name;
            this.queue = queue;
            this.lastRead = lastRead;
        }

        @Override
        public void accept(final Keyed record) {
            lastRead.accumulateAndGet(record.eventTime().toEpochMilli(), Math::max);
            buffer.add(new Event(record, sequence++));
            if (buffer.size() > reorderBuffer) {
                release(buffer.poll());
            }
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            put(queue, new Reject(origin, reason, error, payload));
        }

        void drain() {
            while (!buffer.isEmpty()) {
                release(buffer.poll());
            }
        }

        private void release(final Event event) {
            if (released != null && event.time().isBefore(released)) {
                late++;
                if (late <= LATE_LOGGED_PER_FILE) {
                    LOG.warn("Late record in {}: key {} at {} comes after {} was replayed (beyond the reorder buffer"
                            + " of {} records); replayed out of order", name, event.record().key(), event.time(),
                            released, reorderBuffer);
                }
            } else {
                released = event.time();
            }
            put(queue, event);
        }
    }

    private static void put(final BlockingQueue<Item> queue, final Item item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayInterrupted();
        }
    }

    /** The replay stopped while a reader thread was waiting to hand on a record. */
    private static final class ReplayInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplayInterrupted() {
            super("replay interrupted", null, false, false);
        }
    }
}
