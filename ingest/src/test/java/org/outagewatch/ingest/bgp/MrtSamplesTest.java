package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.outagewatch.schemas.testing.SharedData;

/**
 * Every other MRT sample under ../shared/data/bgp parses to the number of elements bgpdump reads from it (bird6_bgp:
 * the 26 that decode; bgpdump prints 44 lines, 18 of them garbage from ADD-PATH NLRI in a non-ADD-PATH record).
 */
class MrtSamplesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "mrt-libbgpstream/ris.rrc06.updates.1427846400.gz, 795, 1561",
            "mrt-libbgpstream/routeviews.route-views.jinx.updates.1427846400.bz2, 1756, 8611",
            "mrt-mrtparse-samples/bird-mrtdump_bgp, 27, 24",
            "mrt-mrtparse-samples/bird-mrtdump_rib, 14, 18",
            "mrt-mrtparse-samples/bird6-mrtdump_bgp, 27, 24",
            "mrt-mrtparse-samples/bird6-mrtdump_rib, 9, 10",
            "mrt-mrtparse-samples/bird6_bgp, 29, 26",
            "mrt-mrtparse-samples/bird_bgp, 29, 36",
            "mrt-mrtparse-samples/openbgpd_bgp, 87, 109",
            "mrt-mrtparse-samples/openbgpd_rib_table, 31, 31",
            "mrt-mrtparse-samples/openbgpd_rib_table-mp, 31, 0",
            "mrt-mrtparse-samples/openbgpd_rib_table-v2, 24, 31",
            "mrt-mrtparse-samples/quagga_bgp, 67, 38",
            "mrt-mrtparse-samples/quagga_rib, 7, 9",
            "bgpkit_local_only_updates.mrt.bz2, 85, 268",
    })
    void shouldParseEverySample(final String file, final long records, final long elements) throws IOException {
        try (BgpElementReader reader = BgpElementReader.open(SharedData.file("bgp/" + file))) {
            final long count = reader.readAll(element -> assertThat(element.peerAddress()).isNotEmpty());
            assertThat(reader.records()).isEqualTo(records);
            assertThat(count).isEqualTo(elements);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "mrt-pyasn/rib.20140523.0600_firstMB.bz2, 270005",
            "mrt-pyasn/rib6.20151101.0600_firstMB.bz2, 149578",
    })
    void shouldKeepEveryElementBeforeTheCutOfATruncatedRib(final String file, final long elements) throws IOException {
        final List<BgpElement> last = new ArrayList<>(1);
        try (BgpElementReader reader = BgpElementReader.open(SharedData.file("bgp/" + file))) {
            final MrtFormatException error = catchThrowableOfType(MrtFormatException.class,
                    () -> reader.readAll(element -> {
                        last.clear();
                        last.add(element);
                    }));
            assertThat(error).isNotNull();
            assertThat(error.recoverable()).isFalse();
            assertThat(error.getMessage()).contains("Truncated").contains("at byte offset " + error.offset());
            assertThat(error.offset()).isGreaterThan(reader.lastRecord().offset());
            assertThat(reader.elements()).isEqualTo(elements);
            assertThat(last.get(0).type()).isEqualTo(ElementType.RIB);
        }
    }

    @Test
    void shouldReadTheAs4PathOfTwoByteSessionsIntoTheAsPath() throws IOException {
        final Path file = SharedData.file("bgp/mrt-mrtparse-samples/bird_bgp");
        final List<BgpElement> announcements = new ArrayList<>();
        try (BgpElementReader reader = BgpElementReader.open(file)) {
            reader.readAll(element -> {
                if (element.type() == ElementType.ANNOUNCE) {
                    announcements.add(element);
                }
            });
        }
        assertThat(announcements).anySatisfy(element -> assertThat(element.asPath().flatten()).contains(4200000000L));
    }
}
