package org.outagewatch.deploy.console;

import java.util.HashMap;
import java.util.Map;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;

/**
 * Whether an incident's explanation is worth printing again: when it opens, and when an update changes its kind
 * (or is the first this reader sees of it); not when an update only moves the severity or adds an alert, which the
 * header line already shows. Remembers the kind of each incident until it resolves. Used by one thread.
 */
public final class IncidentMemory {
    private final Map<String, IncidentKind> kinds = new HashMap<>();

    /** Whether to print this incident event's explanation; remembers its kind. */
    public boolean explain(final Incident incident) {
        final String id = incident.getIncidentId();
        if (incident.getStatus() == IncidentStatus.RESOLVED) {
            kinds.remove(id);
            return false;
        }
        final IncidentKind before = kinds.put(id, incident.getKind());
        return incident.getStatus() == IncidentStatus.OPEN || before != incident.getKind();
    }
}
