package org.outagewatch.detector.liveness;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * The probes of one ASN: which are connected and when each was last heard of (a probe that connects from another
 * ASN leaves it) ({@code settled}, every event before
 * the last closed window end applied), the events of the windows still open ({@code pending}), and the last time
 * any probe was known connected ({@code lastLive}, for the active horizon). Mutable, one per ASN per call; stored
 * as bytes ({@link #encode()}, {@link #decode(byte[])}).
 */
final class ProbeRoster {
    static final long NONE = Long.MIN_VALUE;
    private static final byte DISCONNECTED = 0;
    private static final byte CONNECTED = 1;
    private static final byte LEFT = 2;

    /**
     * One connection event of a probe: {@code connected} after it, at {@code time} (epoch millis); or, when
     * {@code left}, the probe connected from another ASN at that time and leaves this roster.
     */
    record Event(long probeId, boolean connected, long time, boolean left) {
        Event(final long probeId, final boolean connected, final long time) {
            this(probeId, connected, time, false);
        }

        /** The probe left this ASN for another at {@code time}. */
        static Event leave(final long probeId, final long time) {
            return new Event(probeId, false, time, true);
        }
    }

    private final TreeMap<Long, Event> settled = new TreeMap<>();
    private final List<Event> pending = new ArrayList<>();
    private long lastLive = NONE;

    /** Holds an event of a window that is still open until {@link #settleBefore} passes its time. */
    void hold(final Event event) {
        pending.add(event);
    }

    /**
     * Applies an event to the settled state. A probe first seen disconnecting was connected before; an event older
     * than the last one known for its probe changes nothing.
     */
    void apply(final Event event) {
        final Event known = settled.get(event.probeId());
        if (known != null && event.time() < known.time()) {
            return;
        }
        if (event.left()) {
            settled.remove(event.probeId());
            return;
        }
        if (!event.connected() && (known == null || known.connected())) {
            lastLive = Math.max(lastLive, event.time());
        }
        settled.put(event.probeId(), event);
    }

    /** Applies, in event-time order, the held events before {@code end}. */
    void settleBefore(final long end) {
        if (pending.isEmpty()) {
            return;
        }
        pending.sort(Comparator.comparingLong(Event::time));
        final Iterator<Event> it = pending.iterator();
        while (it.hasNext()) {
            final Event event = it.next();
            if (event.time() >= end) {
                break;
            }
            apply(event);
            it.remove();
        }
    }

    long connected() {
        long count = 0;
        for (final Event probe : settled.values()) {
            if (probe.connected()) {
                count++;
            }
        }
        return count;
    }

    long known() {
        return settled.size();
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    long lastLive() {
        return lastLive;
    }

    void markLive(final long time) {
        lastLive = Math.max(lastLive, time);
    }

    byte[] encode() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + (settled.size() + pending.size()) * 17);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(lastLive);
            write(out, settled.values());
            write(out, pending);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static ProbeRoster decode(final byte[] bytes) {
        final ProbeRoster roster = new ProbeRoster();
        if (bytes == null) {
            return roster;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            roster.lastLive = in.readLong();
            for (final Event event : read(in)) {
                roster.settled.put(event.probeId(), event);
            }
            roster.pending.addAll(read(in));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return roster;
    }

    private static void write(final DataOutputStream out, final Iterable<Event> events) throws IOException {
        final List<Event> list = new ArrayList<>();
        events.forEach(list::add);
        out.writeInt(list.size());
        for (final Event event : list) {
            out.writeLong(event.probeId());
            out.writeByte(event.left() ? LEFT : event.connected() ? CONNECTED : DISCONNECTED);
            out.writeLong(event.time());
        }
    }

    private static List<Event> read(final DataInputStream in) throws IOException {
        final int n = in.readInt();
        final List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final long probe = in.readLong();
            final byte kind = in.readByte();
            events.add(new Event(probe, kind == CONNECTED, in.readLong(), kind == LEFT));
        }
        return events;
    }
}
