package org.outagewatch.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.deploy.console.Fixtures.networkOutage;

import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;

class IncidentMemoryTest {
    @Test
    void shouldExplainAnIncidentWhenItOpensOrChangesKindButNotWhenOnlyItsSeverityMoves() {
        final IncidentMemory memory = new IncidentMemory();

        assertThat(memory.explain(networkOutage(64520, "PK", IncidentStatus.OPEN, 30))).isTrue();
        assertThat(memory.explain(networkOutage(64520, "PK", IncidentStatus.UPDATE, 50))).isFalse();
        final Incident national = networkOutage(64520, "PK", IncidentStatus.UPDATE, 80);
        national.setKind(IncidentKind.NATIONAL_SHUTDOWN);
        assertThat(memory.explain(national)).isTrue();
        assertThat(memory.explain(networkOutage(64520, "PK", IncidentStatus.RESOLVED, 80))).isFalse();
    }

    @Test
    void shouldExplainTheFirstUpdateItSeesOfAnIncident() {
        assertThat(new IncidentMemory().explain(networkOutage(64520, "PK", IncidentStatus.UPDATE, 50))).isTrue();
    }
}
