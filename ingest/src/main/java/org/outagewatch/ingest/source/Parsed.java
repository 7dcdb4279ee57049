package org.outagewatch.ingest.source;

import java.util.List;
import java.util.Objects;

/** What a parser made of one input value: events to publish, or the reason it cannot be used. */
public sealed interface Parsed permits Parsed.Records, Parsed.Rejected {

    static Parsed of(final Keyed... records) {
        return new Records(List.of(records));
    }

    static Parsed of(final List<Keyed> records) {
        return new Records(records);
    }

    static Parsed rejected(final String reason) {
        return new Rejected(reason);
    }

    /** Events from one input value (possibly none, for input that carries nothing to publish). */
    record Records(List<Keyed> records) implements Parsed {
        public Records {
            records = List.copyOf(records);
        }
    }

    /** Well-formed input that cannot be used, with the reason (it goes to the dead letters). */
    record Rejected(String reason) implements Parsed {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
