package org.outagewatch.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.deploy.console.Fixtures.alert;
import static org.outagewatch.deploy.console.Fixtures.at;
import static org.outagewatch.deploy.console.Fixtures.blocking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.OutageAlert;

class ConsoleFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldPrintAnOpenAlertOnOneLineWithItsEvidence() {
        final String line = ConsoleFormat.plain().alertLine(alert("AS17557", "probe.reachable", AlertStatus.OPEN,
                AlertSeverity.CRITICAL, 10));

        assertThat(line).isEqualTo("2024-03-05 14:10Z  OPEN     CRITICAL  AS17557    probe.reachable   "
                + "expected 97.0%  observed 3.0% (3%)  coverage 120");
    }

    @Test
    void shouldPrintAResolvedAlertAtItsEndWithHowLongItLasted() {
        final String line = ConsoleFormat.plain().alertLine(alert("PK", "traffic.volume", AlertStatus.RESOLVED,
                AlertSeverity.WARNING, 45));

        assertThat(line).startsWith("2024-03-05 14:45Z  RESOLVED WARNING   PK         traffic.volume    expected 1 B")
                .endsWith("lasted 45 min, area 4365 %·min");
    }

    @Test
    void shouldPrintAnOpenIncidentAsAHeaderAndItsExplanation() {
        final String block = ConsoleFormat.plain().incidentBlock(blocking(IncidentStatus.OPEN, 64), true);

        assertThat(block.split(System.lineSeparator())).containsExactly(
                "2024-03-05 14:00Z  INCIDENT OPEN     SERVICE_BLOCKING   severity  64  AS17557,AS45595,AS59257  PK  "
                        + "twitter.com  fails at DNS  since 14:00Z",
                ConsoleFormat.INDENT + Fixtures.BLOCKING_EXPLANATION);
    }

    @Test
    void shouldPrintAResolvedIncidentOnOneLineWithItsDuration() {
        final String block = ConsoleFormat.plain().incidentBlock(blocking(IncidentStatus.RESOLVED, 64), true);

        assertThat(block).doesNotContain(System.lineSeparator())
                .startsWith("2024-03-05 15:35Z  INCIDENT RESOLVED SERVICE_BLOCKING")
                .endsWith("lasted 95 min");
    }

    @Test
    void shouldNameTheFirstFewAsnsOfAWideIncidentAndCountTheRest() {
        final Incident incident = blocking(IncidentStatus.UPDATE, 80);
        incident.setAsns(java.util.List.of(1L, 2L, 3L, 4L, 5L, 6L));

        assertThat(ConsoleFormat.scope(incident)).startsWith("AS1,AS2,AS3,AS4 +2 more  PK");
    }

    @Test
    void shouldColourOnlyWhenATerminalAndNoColorIsUnset() {
        final OutageAlert open = alert("AS1", "probe.reachable", AlertStatus.OPEN, AlertSeverity.CRITICAL, 0);

        assertThat(ConsoleFormat.forTerminal(true, Map.of()).alertLine(open)).contains(ConsoleFormat.RED + "OPEN");
        assertThat(ConsoleFormat.forTerminal(true, Map.of("NO_COLOR", "1")).alertLine(open)).doesNotContain("\u001b[");
        assertThat(ConsoleFormat.forTerminal(false, Map.of()).alertLine(open)).doesNotContain("\u001b[");
        assertThat(ConsoleFormat.forTerminal(true, Map.of()).incidentBlock(blocking(IncidentStatus.RESOLVED, 10), true))
                .contains(ConsoleFormat.GREEN + "RESOLVED");
    }

    @Test
    void shouldFitTheStatusLineOnAnEightyColumnTerminal() {
        final String line = ConsoleFormat.plain().statusLine(new StatusLine(at(75), 123_456, 3, 1, 2_345_678));

        assertThat(line).isEqualTo("Tue 2024-03-05 15:15Z | 123.5k ev/s | alerts 3 | incidents 1 | lag 2.3M");
        assertThat(line.length()).isLessThan(80);
        assertThat(ConsoleFormat.plain().statusLine(new StatusLine(null, 12, 0, 0, -1)))
                .isEqualTo("live | 12 ev/s | alerts 0 | incidents 0 | lag ?");
    }

    @Test
    void shouldWriteAnAlertAsOneJsonObjectWithEveryField() throws Exception {
        final String json = ConsoleFormat.alertJson(alert("AS17557", "probe.reachable", AlertStatus.RESOLVED,
                AlertSeverity.CRITICAL, 30));

        assertThat(json).doesNotContain("\n");
        final JsonNode node = JSON.readTree(json);
        assertThat(node.get("type").asText()).isEqualTo("alert");
        assertThat(node.get("entity").asText()).isEqualTo("AS17557");
        assertThat(node.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(node.get("windowStart").asText()).isEqualTo("2024-03-05T14:30:00Z");
        assertThat(node.get("coverage").asLong()).isEqualTo(120);
        assertThat(node.get("durationMinutes").asDouble()).isEqualTo(30.0);
    }

    @Test
    void shouldWriteAnIncidentAsOneJsonObjectWithItsScopeAndEvidence() throws Exception {
        final JsonNode node = JSON.readTree(ConsoleFormat.incidentJson(blocking(IncidentStatus.OPEN, 64)));

        assertThat(node.get("type").asText()).isEqualTo("incident");
        assertThat(node.get("kind").asText()).isEqualTo("SERVICE_BLOCKING");
        assertThat(node.get("severity").asInt()).isEqualTo(64);
        assertThat(node.get("asns")).hasSize(3);
        assertThat(node.get("asns").get(0).asLong()).isEqualTo(17557);
        assertThat(node.get("failureMode").asText()).isEqualTo("DNS");
        assertThat(node.get("evidence").get("failingAsns").asText()).isEqualTo("3");
        assertThat(node.get("endedAt").isNull()).isTrue();
        assertThat(node.get("explanation").asText()).isEqualTo(Fixtures.BLOCKING_EXPLANATION);
    }
}
