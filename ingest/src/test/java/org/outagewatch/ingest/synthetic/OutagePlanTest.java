package org.outagewatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutagePlanTest {
    private static final Instant T0 = WorldSpec.DEFAULT_START;
    private static final WorldSpec WORLD = WorldSpec.defaults();

    private static Instant at(final long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void shouldDrawTheSamePlanFromTheSameSeed() {
        assertThat(OutagePlan.random(WORLD, 20, 10, 120)).isEqualTo(OutagePlan.random(WORLD, 20, 10, 120));
        assertThat(OutagePlan.random(WORLD.withSeed(1), 20, 10, 120)).isNotEqualTo(OutagePlan.random(WORLD, 20, 10, 120));
    }

    @Test
    void shouldDrawOutagesInsideTheWorldAfterTheWarmUp() {
        final OutagePlan plan = OutagePlan.random(WORLD, 40, 10, 120);

        assertThat(plan.outages()).hasSize(40).allSatisfy(o -> {
            assertThat(o.start()).isAfterOrEqualTo(WORLD.warmUpEnd());
            assertThat(o.end()).isBeforeOrEqualTo(WORLD.end());
            assertThat(o.duration()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(120));
            assertThat(SyntheticAsn.indexOf(o.asn(), WORLD.asnCount())).isNotNegative();
        });
        assertThat(plan.outages().stream().map(Outage::kind).distinct()).containsExactlyInAnyOrder(OutageKind.values());
    }

    @Test
    void shouldNeverOverlapTwoRandomOutagesOfOneAsn() {
        final WorldSpec few = WORLD.withAsnCount(2);
        final List<Outage> outages = OutagePlan.random(few, 30, 30, 240).outages();

        for (final Outage a : outages) {
            for (final Outage b : outages) {
                if (a != b && a.asn() == b.asn()) {
                    assertThat(a.overlaps(b.start().minus(OutagePlan.RANDOM_MIN_GAP), b.end().plus(OutagePlan.RANDOM_MIN_GAP)))
                            .as("%s and %s", a, b).isFalse();
                }
            }
        }
    }

    @Test
    void shouldRejectOverlappingOutagesOfOneAsn() {
        final long asn = SyntheticAsn.asnAt(0);
        assertThatThrownBy(() -> OutagePlan.of(new Outage(asn, at(2000), at(2060), 1.0), new Outage(asn, at(2030), at(2090), 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
    }

    @Test
    void shouldRejectAnOutageInTheWarmUp() {
        final OutagePlan early = OutagePlan.of(new Outage(SyntheticAsn.asnAt(0), at(60), at(90), 1.0));
        assertThatThrownBy(() -> WORLD.withOutages(early))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up");
    }

    @Test
    void shouldRejectAnOutageOfAnAsnOutsideTheWorld() {
        final OutagePlan stranger = OutagePlan.of(new Outage(15399L, at(2000), at(2060), 1.0));
        assertThatThrownBy(() -> WORLD.withOutages(stranger))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AS15399");
    }

    @Test
    void shouldSayWhenTheWorldIsTooSmallForThePlan() {
        final WorldSpec tiny = WORLD.withAsnCount(1).withPeriod(T0, at(26 * 60));
        assertThatThrownBy(() -> OutagePlan.random(tiny, 10, 60, 120))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot place 10 outages");
    }

    @Test
    void shouldFindTheOutagesOverlappingASlice() {
        final Outage first = new Outage(SyntheticAsn.asnAt(0), at(2000), at(2060), 1.0);
        final Outage second = new Outage(SyntheticAsn.asnAt(1), at(3000), at(3030), 0.5);
        final OutagePlan plan = OutagePlan.of(second, first);

        assertThat(plan.outages()).containsExactly(first, second);
        assertThat(plan.overlapping(at(2059), at(3000))).containsExactly(first);
        assertThat(plan.overlapping(at(2060), at(3000))).isEmpty();
    }
}
