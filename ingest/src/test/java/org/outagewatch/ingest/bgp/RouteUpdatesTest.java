package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;

class RouteUpdatesTest {
    private static final long T0 = 1_700_000_000L;
    private static final String COLLECTOR = "rrc00";

    private static BgpElement element(final ElementType type, final PathAttributes attributes, final int oldState,
                                      final int newState) {
        return new BgpElement(ElementSource.BGP4MP_ET, type, T0, 250_000, false, false, "192.0.2.1", 64496,
                type == ElementType.STATE ? null : "198.51.100.0/24", -1, attributes, null, oldState, newState);
    }

    @Test
    void shouldMapAnAnnouncementWithItsOriginAndFlatPath() {
        final AsPath path = AsPath.of(new int[] {AsPath.AS_SEQUENCE, AsPath.AS_SET},
                new long[][] {{64496, 64497}, {64500, 64501}});
        final RouteUpdate update = RouteUpdates.from(element(ElementType.ANNOUNCE,
                new PathAttributes(0, path, "192.0.2.1", -1, -1, false, -1, null, null), 0, 0), COLLECTOR);
        assertThat(update.getSource()).isEqualTo(MeasurementSource.BGP);
        assertThat(update.getType()).isEqualTo(RouteUpdateType.ANNOUNCE);
        assertThat(update.getAsPath()).containsExactly(64496L, 64497L, 64500L, 64501L);
        assertThat(update.getOriginAsn()).isEqualTo(64501L);
        assertThat(update.getObservedAt()).isEqualTo(Instant.ofEpochSecond(T0).plusMillis(250));
        assertThat(RouteUpdates.key(update)).isEqualTo("198.51.100.0/24");
        assertThat(path.toString()).isEqualTo("64496 64497 {64500,64501}");
    }

    @Test
    void shouldMapAWithdrawalWithoutOrigin() {
        final RouteUpdate update = RouteUpdates.from(element(ElementType.WITHDRAW, null, 0, 0), COLLECTOR);
        assertThat(update.getType()).isEqualTo(RouteUpdateType.WITHDRAW);
        assertThat(update.getOriginAsn()).isNull();
        assertThat(update.getAsPath()).isEmpty();
    }

    @Test
    void shouldMapSessionsGoingUpAndDownAndDropOtherStateChanges() {
        final RouteUpdate up = RouteUpdates.from(element(ElementType.STATE, null, 5, BgpElement.ESTABLISHED), COLLECTOR);
        final RouteUpdate down = RouteUpdates.from(element(ElementType.STATE, null, BgpElement.ESTABLISHED, 1), COLLECTOR);
        assertThat(List.of(up.getType(), down.getType())).containsExactly(RouteUpdateType.PEER_UP, RouteUpdateType.PEER_DOWN);
        assertThat(RouteUpdates.key(down)).isEqualTo("peer:192.0.2.1");
        assertThat(RouteUpdates.from(element(ElementType.STATE, null, 1, 2), COLLECTOR)).isNull();
    }

    @Test
    void shouldMergeAs4PathIntoATwoByteSessionsPath() {
        final AsPath twoByte = AsPath.sequence(64496, AsPath.AS_TRANS, AsPath.AS_TRANS, 64497);
        final AsPath as4 = AsPath.sequence(4200000000L, 4200000001L, 64497);
        assertThat(twoByte.mergeAs4(as4).toString()).isEqualTo("64496 4200000000 4200000001 64497");
        assertThat(as4.mergeAs4(AsPath.sequence(1, 2, 3, 4))).isEqualTo(as4);
    }
}
