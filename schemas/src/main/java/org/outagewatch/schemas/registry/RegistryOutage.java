package org.outagewatch.schemas.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a registry call while the registry cannot be reached (connection refused, no answer: a
 * {@link SchemaRegistryException#UNREACHABLE}), with back-off from 250 ms to 5 s, for at most a bounded total
 * ({@value #RETRY_MS}, default {@value #DEFAULT_RETRY_MS} ms); then the last failure is thrown. Other errors (an
 * answer from the registry, an interrupt) are not retried.
 *
 * <p>One outage is logged once per process and registry, however many serializers and threads wait on it: one WARN
 * when the first call finds it unreachable ({@code schema registry at X unreachable (...), retrying for up to 120 s
 * per call (since 12:00:01Z)}) and one INFO when a call gets through again ({@code schema registry at X reachable
 * again after 31 s}). The state is shared by every client of the same URLs in the JVM.
 */
public final class RegistryOutage {
    public static final String RETRY_MS = "schema.registry.unreachable.retry.ms";
    public static final long DEFAULT_RETRY_MS = 120_000L;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutage.class);
    private static final Map<List<String>, RegistryOutage> BY_URLS = new ConcurrentHashMap<>();

    private final String urls;
    private final Clock clock;
    private final Pause pause;
    /** When the current outage was first seen; null while the registry answers. */
    private final AtomicReference<Instant> since = new AtomicReference<>();

    /** Waits between two attempts (the thread sleeps; a test's clock moves). */
    @FunctionalInterface
    interface Pause {
        Pause SLEEP = Thread::sleep;

        void waitFor(long millis) throws InterruptedException;
    }

    RegistryOutage(final String urls, final Clock clock) {
        this(urls, clock, Pause.SLEEP);
    }

    RegistryOutage(final String urls, final Clock clock, final Pause pause) {
        this.urls = urls;
        this.clock = clock;
        this.pause = pause;
    }

    /** The shared outage state of these registry URLs in this JVM. */
    static RegistryOutage of(final List<String> urls) {
        return BY_URLS.computeIfAbsent(List.copyOf(urls), u -> new RegistryOutage(String.join(", ", u), Clock.systemUTC()));
    }

    /** The retry budget from a Kafka-style config map ({@value #RETRY_MS}; 0 turns retrying off). */
    public static Duration retryFor(final Map<String, ?> configs) {
        final Object value = configs.get(RETRY_MS);
        if (value == null || value.toString().isBlank()) {
            return Duration.ofMillis(DEFAULT_RETRY_MS);
        }
        try {
            final long millis = Long.parseLong(value.toString().trim());
            if (millis < 0) {
                throw new IllegalArgumentException("Setting " + RETRY_MS + " must be 0 or more milliseconds, not " + value);
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + RETRY_MS + " must be a number of milliseconds, not '" + value + "'", e);
        }
    }

    /** Runs {@code call}, retrying it while the registry is unreachable, for at most {@code retryFor} in total. */
    <T> T call(final Supplier<T> call, final Duration retryFor) {
        final Instant start = clock.instant();
        Duration next = FIRST_PAUSE;
        while (true) {
            try {
                final T answer = call.get();
                reachable();
                return answer;
            } catch (SchemaRegistryException e) {
                if (e.errorCode() != SchemaRegistryException.UNREACHABLE || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                unreachable(e, retryFor);
                final Duration left = retryFor.minus(Duration.between(start, clock.instant()));
                if (left.isNegative() || left.isZero()) {
                    throw e;
                }
                sleep(next.compareTo(left) < 0 ? next : left, e);
                next = next.multipliedBy(2).compareTo(MAX_PAUSE) < 0 ? next.multipliedBy(2) : MAX_PAUSE;
            }
        }
    }

    /** Whether an outage is under way (seen and not yet over). */
    boolean ongoing() {
        return since.get() != null;
    }

    private void unreachable(final SchemaRegistryException e, final Duration retryFor) {
        final Instant now = clock.instant();
        if (since.compareAndSet(null, now)) {
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("schema registry at {} unreachable ({}), retrying for up to {} s per call (since {})", urls,
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    retryFor.toSeconds(), TIME.format(now));
        }
    }

    private void reachable() {
        final Instant began = since.get();
        if (began != null && since.compareAndSet(began, null)) {
            LOG.info("schema registry at {} reachable again after {} s", urls,
                    Math.round(Duration.between(began, clock.instant()).toMillis() / 1000.0));
        }
    }

    /** Waits {@code duration} rounded up to a whole millisecond: a sliver of budget left is waited out, not spun on. */
    private void sleep(final Duration duration, final SchemaRegistryException failure) {
        try {
            pause.waitFor(Math.max(1, (duration.toNanos() + 999_999) / 1_000_000));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
