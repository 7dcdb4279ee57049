package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.outagewatch.schemas.testing.SharedData;

/**
 * Our elements, printed by {@link BgpdumpFormat}, against bgpdump's own expected {@code -m} output for every file of
 * its test suite (RIPE-NCC/bgpdump test_data and test_expect), line for line.
 */
class BgpdumpEqualityTest {
    private static final String DATA = "bgp/mrt-bgpdump/test_data";
    private static final String EXPECT = "bgp/mrt-bgpdump/test_expect";

    static Stream<Path> testFiles() throws IOException {
        final Path dir = SharedData.file(DATA);
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testFiles")
    void shouldPrintWhatBgpdumpPrints(final Path file) throws IOException {
        final Path expectedFile = SharedData.file(EXPECT + "/" + file.getFileName() + ".bgp.gz");
        final AsciiBuffer line = new AsciiBuffer(256);
        long lineNumber = 0;
        try (BgpElementReader reader = BgpElementReader.open(file);
             BufferedReader expected = new BufferedReader(new InputStreamReader(
                     new GZIPInputStream(Files.newInputStream(expectedFile)), StandardCharsets.UTF_8))) {
            final long[] number = {0};
            final String[] mismatch = {null};
            while (mismatch[0] == null && reader.next(element -> {
                if (mismatch[0] != null) {
                    return;
                }
                number[0]++;
                line.clear();
                BgpdumpFormat.append(element, line);
                try {
                    final String want = expected.readLine();
                    if (!line.toString().equals(want)) {
                        mismatch[0] = "line " + number[0] + " differs:\n  ours:     " + line + "\n  bgpdump:  " + want;
                    }
                } catch (IOException e) {
                    mismatch[0] = "cannot read the expected file: " + e.getMessage();
                }
            })) {
                lineNumber = number[0];
            }
            lineNumber = number[0];
            if (mismatch[0] != null) {
                fail(file.getFileName() + ": " + mismatch[0]);
            }
            final String extra = expected.readLine();
            if (extra != null) {
                fail(file.getFileName() + ": bgpdump has more lines; line " + (lineNumber + 1) + " is missing:\n  bgpdump:  " + extra);
            }
        }
        assertThat(lineNumber).isPositive();
    }
}
