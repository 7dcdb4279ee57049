package org.outagewatch.deploy.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.ingest.synthetic.Outage;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;

/**
 * The demo-world incident check (docs/QUALITY.md): the demo's own world through the whole detector offline. Every
 * injected outage is one network's, so every incident must be a NETWORK_OUTAGE of one network.
 */
class DemoWorldCheckTest {
    @Test
    void shouldClassifyEveryIncidentOfTheDemoWorldAsANetworkOutage() {
        final IncidentScenario check = DemoWorldCheck.scenario();
        final List<Outage> injected = DemoWorldCheck.injected();
        assertThat(injected).as("the demo injects outages in the checked span").hasSizeGreaterThan(3)
                .allSatisfy(o -> assertThat(o.start()).isAfterOrEqualTo(DemoWorldCheck.world().historyEnd()));

        final List<Incident> incidents = IncidentRunner.finals(
                IncidentRunner.run(DetectorSettings.defaults(), check.asns(), check.events().get()));

        final String produced = incidents.stream().map(i -> i.getKind() + " " + i.getCountries() + " " + i.getAsns()
                + " " + i.getStartedAt() + "-" + i.getEndedAt()).collect(Collectors.joining("\n"));
        assertThat(incidents).as("the detector finds the injected outages").hasSizeGreaterThanOrEqualTo(injected.size() / 2);
        assertThat(incidents).as(produced).allSatisfy(i -> {
            assertThat(i.getKind()).isEqualTo(IncidentKind.NETWORK_OUTAGE);
            assertThat(i.getAsns()).hasSize(1);
        });
    }
}
