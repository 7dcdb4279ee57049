package org.outagewatch.deploy.backtest;

import java.time.Instant;
import java.util.List;
import org.outagewatch.schemas.IncidentKind;

/**
 * An incident a scenario should produce.
 *
 * @param asns how many ASNs are in scope
 * @param endedAt null when the incident is still open at the end of the scenario
 */
public record ExpectedIncident(IncidentKind kind, List<String> countries, List<String> services, int asns,
                               Instant startedAt, Instant endedAt) {
    public ExpectedIncident {
        countries = List.copyOf(countries);
        services = List.copyOf(services);
    }

    /** "SERVICE_BLOCKING PK [a, b] 5 ASNs". */
    public String scope() {
        return kind + " " + String.join(",", countries) + (services.isEmpty() ? "" : " " + services) + " " + asns + " ASNs";
    }
}
