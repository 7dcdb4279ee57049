package org.outagewatch.ingest.bgp;

/**
 * Writes elements in the one-line format of {@code bgpdump -m} (RIPE NCC bgpdump):
 * <pre>
 * BGP4MP|time|A|peer|peer_as|prefix|as_path|origin|next_hop|local_pref|med|communities|AG or NAG|aggregator|
 * BGP4MP|time|W|peer|peer_as|prefix
 * BGP4MP|time|STATE|peer|peer_as|old_state|new_state
 * TABLE_DUMP2|time|B|peer|peer_as|prefix|as_path|...   (TABLE_DUMP for version 1)
 * </pre>
 * The label gains {@code _ET} for microsecond records (time {@code seconds.micros}), {@code _LOCAL} for messages the
 * collector sent, {@code _AP} for ADD-PATH (the path id then follows the prefix). Absent LOCAL_PREF and MED show 0,
 * an absent next hop shows as bgpdump's {@code 255.255.255.255}, an absent origin as INCOMPLETE.
 */
public final class BgpdumpFormat {
    /** What bgpdump shows for a route without a next hop (INADDR_NONE). */
    public static final String NO_NEXT_HOP = "255.255.255.255";

    private BgpdumpFormat() {
    }

    /** One line, without the line break. */
    public static String line(final BgpElement element) {
        final AsciiBuffer out = new AsciiBuffer(160);
        append(element, out);
        return out.toString();
    }

    /** Appends one line, without the line break. */
    public static void append(final BgpElement e, final AsciiBuffer out) {
        appendLabel(e, out);
        out.append('|').append(e.timestamp());
        if (e.microseconds() >= 0) {
            out.append('.').appendPadded(e.microseconds(), 6);
        }
        switch (e.type()) {
            case STATE -> out.append("|STATE|").append(e.peerAddress()).append('|').append(e.peerAsn()).append('|')
                    .append(e.oldState()).append('|').append(e.newState());
            case WITHDRAW -> {
                out.append("|W|").append(e.peerAddress()).append('|').append(e.peerAsn()).append('|').append(e.prefix());
                if (e.addPath()) {
                    out.append('|').append(e.pathId());
                }
            }
            case ANNOUNCE, RIB -> appendRoute(e, out);
            default -> throw new IllegalArgumentException("Unknown element type " + e.type());
        }
    }

    private static void appendLabel(final BgpElement e, final AsciiBuffer out) {
        switch (e.source()) {
            case TABLE_DUMP -> out.append("TABLE_DUMP");
            case TABLE_DUMP_V2 -> out.append(e.addPath() ? "TABLE_DUMP2_AP" : "TABLE_DUMP2");
            default -> {
                out.append(e.source() == ElementSource.BGP4MP_ET ? "BGP4MP_ET" : "BGP4MP");
                // bgpdump names only the non-ADD-PATH local subtypes LOCAL
                if (e.local() && !e.addPath()) {
                    out.append("_LOCAL");
                }
                if (e.addPath()) {
                    out.append("_AP");
                }
            }
        }
    }

    private static void appendRoute(final BgpElement e, final AsciiBuffer out) {
        final PathAttributes a = e.attributes() == null ? PathAttributes.NONE : e.attributes();
        out.append(e.type() == ElementType.RIB ? "|B|" : "|A|").append(e.peerAddress()).append('|').append(e.peerAsn())
                .append('|').append(e.prefix()).append('|');
        if (e.addPath()) {
            out.append(e.pathId()).append('|');
        }
        if (a.asPath() != null) {
            out.append(a.asPath().toString());
        }
        out.append('|').append(a.originName()).append('|').append(e.nextHop() == null ? NO_NEXT_HOP : e.nextHop())
                .append('|').append(Math.max(0, a.localPref())).append('|').append(Math.max(0, a.med())).append('|');
        if (a.communities() != null) {
            out.append(a.communities());
        }
        out.append('|').append(a.atomicAggregate() ? "AG" : "NAG").append('|');
        if (a.aggregatorAddress() != null) {
            out.append(a.aggregatorAsn()).append(' ').append(a.aggregatorAddress());
        }
        out.append('|');
    }
}
