package org.outagewatch.ingest.asn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.testing.SharedData;

class PrefixTableTest {
    private static final String PYASN = "asn-mapping/pyasn_ipasn_20140513.dat.gz";
    private static final String IP2ASN = "asn-mapping/iptoasn_ip2asn-v4_sample.tsv";

    @Test
    void shouldAnswerTheLongestMatchingPrefix() {
        final PrefixTable table = PrefixTable.builder()
                .addPrefix("10.0.0.0/8", 1)
                .addPrefix("10.1.0.0/16", 2)
                .addPrefix("10.1.2.0/24", 3)
                .addPrefix("10.200.0.0/16", 4)
                .addPrefix("192.0.2.0/24", 5)
                .build();
        assertThat(table.lookup("10.0.0.1")).isEqualTo(1);
        assertThat(table.lookup("10.1.0.0")).isEqualTo(2);
        assertThat(table.lookup("10.1.2.255")).isEqualTo(3);
        assertThat(table.lookup("10.1.3.0")).isEqualTo(2);
        assertThat(table.lookup("10.2.0.0")).isEqualTo(1);
        assertThat(table.lookup("10.200.9.9")).isEqualTo(4);
        assertThat(table.lookup("10.255.255.255")).isEqualTo(1);
        assertThat(table.lookup("11.0.0.0")).isEqualTo(PrefixTable.NO_ASN);
        assertThat(table.lookup("192.0.2.77")).isEqualTo(5);
        assertThat(table.lookup("not-an-address")).isEqualTo(PrefixTable.NO_ASN);
    }

    @Test
    void shouldMatchTheTopAndBottomOfTheAddressSpace() {
        final PrefixTable table = PrefixTable.builder().addPrefix("0.0.0.0/1", 7).addPrefix("255.255.255.255/32", 8).build();
        assertThat(table.lookup("0.0.0.0")).isEqualTo(7);
        assertThat(table.lookup("127.255.255.255")).isEqualTo(7);
        assertThat(table.lookup("128.0.0.0")).isEqualTo(PrefixTable.NO_ASN);
        assertThat(table.lookup("255.255.255.255")).isEqualTo(8);
    }

    @Test
    void shouldMatchIpv6PrefixesByLength() {
        final PrefixTable table = PrefixTable.builder().addPrefix("2001:db8::/32", 64500).addPrefix("2001:db8:1::/48", 64501)
                .build();
        assertThat(table.lookup("2001:db8::1")).isEqualTo(64500);
        assertThat(table.lookup("2001:db8:1:2::1")).isEqualTo(64501);
        assertThat(table.lookup("2001:db9::1")).isEqualTo(PrefixTable.NO_ASN);
    }

    @Test
    void shouldRejectWhatIsNotAPrefix() {
        assertThatThrownBy(() -> PrefixTable.builder().addPrefix("10.0.0.0", 1)).hasMessageContaining("no '/'");
        assertThatThrownBy(() -> PrefixTable.builder().addPrefix("10.0.0.0/33", 1)).hasMessageContaining("length");
        assertThatThrownBy(() -> PrefixTable.builder().addPrefix("host.example/24", 1)).hasMessageContaining("Not an IPv4");
    }

    @Test
    void shouldAgreeWithALinearScanOnRandomNestedPrefixes() {
        final Random random = new Random(42);
        final PrefixTable.Builder builder = PrefixTable.builder();
        final long[][] prefixes = new long[400][];
        for (int i = 0; i < prefixes.length; i++) {
            final int length = 8 + random.nextInt(17);
            final long size = 1L << (32 - length);
            final long first = (random.nextLong() & 0xffffffffL) & ~(size - 1) & 0x0fffffffL;
            prefixes[i] = new long[] {first, first + size - 1, length, i + 1};
            builder.addIpv4Range(first, first + size - 1, i + 1);
        }
        final PrefixTable table = builder.build();
        for (int n = 0; n < 20_000; n++) {
            final long address = random.nextLong() & 0x0fffffffL;
            long best = PrefixTable.NO_ASN;
            long bestLength = -1;
            for (final long[] p : prefixes) {
                if (address >= p[0] && address <= p[1] && p[2] >= bestLength) {
                    best = p[3];
                    bestLength = p[2];
                }
            }
            assertThat(table.lookupIpv4(address)).as(Ipv4.format(address)).isEqualTo(best);
        }
    }

    @Test
    void shouldLoadTheFullPyasnTable() {
        final PrefixTableLoader.Loaded loaded = PrefixTableLoader.load(SharedData.file(PYASN));
        assertThat(loaded.lines()).isEqualTo(512_621);
        assertThat(loaded.skipped()).isZero();
        assertThat(loaded.table().ipv4Prefixes()).isEqualTo(512_621);
        assertThat(loaded.table().lookup("8.8.8.8")).isEqualTo(15169);
        assertThat(loaded.table().lookup("8.8.9.1")).isEqualTo(3356);
        assertThat(loaded.table().lookup("193.0.6.139")).isEqualTo(3333);
        assertThat(loaded.table().lookup("1.0.0.1")).isEqualTo(15169);
    }

    @Test
    void shouldLoadTheIp2AsnRanges() {
        final PrefixTableLoader.Loaded loaded = PrefixTableLoader.load(SharedData.file(IP2ASN));
        assertThat(loaded.lines()).isEqualTo(1427);
        assertThat(loaded.skipped()).isZero();
        assertThat(loaded.table().lookup("1.1.1.1")).isEqualTo(7497);
        assertThat(loaded.table().lookup("1.1.1.2")).isEqualTo(13335);
    }

    @Test
    void shouldSkipAndCountMalformedLines(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("t.dat"), "; header\n10.0.0.0/8\t1\nbogus line\n10.0.0.0/99\t2\n");
        final PrefixTableLoader.Loaded loaded = PrefixTableLoader.load(file);
        assertThat(loaded.skipped()).isEqualTo(2);
        assertThat(loaded.table().lookup("10.9.9.9")).isEqualTo(1);
    }
}
