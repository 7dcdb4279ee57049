package org.outagewatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.testing.SharedData;

class JsonFileReaderTest {
    @TempDir
    Path dir;

    private final List<SourceItem> items = new ArrayList<>();

    private List<SourceItem.Value> values() {
        return items.stream().filter(SourceItem.Value.class::isInstance).map(SourceItem.Value.class::cast).toList();
    }

    private List<SourceItem.Bad> bads() {
        return items.stream().filter(SourceItem.Bad.class::isInstance).map(SourceItem.Bad.class::cast).toList();
    }

    private Path write(final String name, final String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path gzip(final String name, final byte[] bytes) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    @Test
    void shouldReadABzip2FileOfSeveralStreamsAndCountTheBytesItReadFromDisk() throws IOException {
        // a RIPE Atlas daily dump is bzip2; pbzip2 writes several streams
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final String part : new String[] {"{\"a\":1}\n", "{\"a\":2}\n"}) {
            final ByteArrayOutputStream stream = new ByteArrayOutputStream();
            try (OutputStream bz2 = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(stream)) {
                bz2.write(part.getBytes(StandardCharsets.UTF_8));
            }
            out.write(stream.toByteArray());
        }
        final Path file = Files.write(dir.resolve("a.jsonl.bz2"), out.toByteArray());
        final java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
        assertThat(new JsonFileReader().countingBytesInto(read).read(file, items::add))
                .isEqualTo(JsonFileReader.Layout.LINES);
        assertThat(values()).extracting(v -> v.node().get("a").asInt()).containsExactly(1, 2);
        assertThat(read.get()).isEqualTo(Files.size(file));
    }

    @Test
    void shouldReadJsonLinesWithTheirLineNumbersAndSkipBlankLines() throws IOException {
        final Path file = write("a.jsonl", "{\"a\":1}\n\n{\"a\":2}\r\n");
        assertThat(new JsonFileReader().read(file, items::add)).isEqualTo(JsonFileReader.Layout.LINES);
        assertThat(values()).extracting(v -> v.origin().toString()).containsExactly(file + ":1", file + ":3");
        assertThat(values()).extracting(v -> v.node().get("a").asInt()).containsExactly(1, 2);
    }

    @Test
    void shouldRejectAnInvalidLineAndGoOn() throws IOException {
        final Path file = write("a.jsonl", "{\"a\":1}\n{\"a\":\n{\"a\":3} trailing\n{\"a\":4}\n");
        new JsonFileReader().read(file, items::add);
        assertThat(values()).extracting(v -> v.node().get("a").asInt()).containsExactly(1, 4);
        assertThat(bads()).extracting(b -> b.origin().position()).containsExactly(2L, 3L);
        assertThat(bads()).allSatisfy(b -> assertThat(b.reason()).startsWith("Invalid JSON"));
        assertThat(new String(bads().get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":");
    }

    @Test
    void shouldRejectALineLongerThanTheLimitKeepingItsHead() throws IOException {
        final byte[] big = new byte[10_000_000];
        Arrays.fill(big, (byte) 'x');
        final Path file = dir.resolve("big.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
            out.write(big);
            out.write("\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
        }
        new JsonFileReader().read(file, items::add);
        assertThat(values()).hasSize(2);
        assertThat(bads()).singleElement().satisfies(bad -> {
            assertThat(bad.origin().position()).isEqualTo(2);
            assertThat(bad.reason()).contains("10000000 bytes").contains("limit of " + JsonFileReader.DEFAULT_MAX_LINE_BYTES);
            assertThat(bad.payload()).hasSize(JsonFileReader.DEFAULT_MAX_LINE_BYTES);
        });
    }

    @Test
    void shouldReadAnArrayGzippedWithTheLineOfEachElement() throws IOException {
        final Path file = gzip("a.json.gz", "[{\"a\":1},\n {\"a\":2},\n {\"a\":3}]".getBytes(StandardCharsets.UTF_8));
        assertThat(new JsonFileReader().read(file, items::add)).isEqualTo(JsonFileReader.Layout.ARRAY);
        assertThat(values()).extracting(v -> v.origin().position()).containsExactly(1L, 2L, 3L);
        assertThat(bads()).isEmpty();
    }

    @Test
    void shouldKeepTheRecordsBeforeATruncatedGzipAndRejectTheRest() throws IOException {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("{\"a\":").append(i).append(",\"pad\":\"").append(Integer.toHexString(i * 7919)).append("\"}\n");
        }
        final Path whole = gzip("whole.jsonl.gz", text.toString().getBytes(StandardCharsets.UTF_8));
        final byte[] bytes = Files.readAllBytes(whole);
        final Path cut = Files.write(dir.resolve("cut.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        new JsonFileReader().read(cut, items::add);
        assertThat(values()).isNotEmpty().hasSizeLessThan(5000);
        assertThat(bads()).singleElement().satisfies(bad -> assertThat(bad.reason()).startsWith("Truncated gzip"));
    }

    @Test
    void shouldRejectTheRestOfAnArrayAfterInvalidJson() throws IOException {
        final Path file = write("a.json", "[{\"a\":1},\n{\"a\":tru},\n{\"a\":3}]");
        new JsonFileReader().read(file, items::add);
        assertThat(values()).hasSize(1);
        assertThat(bads()).singleElement().satisfies(bad -> {
            assertThat(bad.origin().position()).isEqualTo(2);
            assertThat(bad.reason()).startsWith("Invalid JSON").endsWith("the rest of the file is not read");
        });
    }

    @Test
    void shouldReadAPrettyPrintedDocument() throws IOException {
        final Path file = write("m.json", "{\n  \"a\": 1,\n  \"b\": [1, 2]\n}\n");
        assertThat(new JsonFileReader().read(file, items::add)).isEqualTo(JsonFileReader.Layout.DOCUMENT);
        assertThat(values()).singleElement().satisfies(v -> assertThat(v.node().get("b").size()).isEqualTo(2));
    }

    @Test
    void shouldRejectAYamlDocumentAsAWhole() throws IOException {
        final Path file = write("r.yaml", "---\nprobe_asn: AS1\n...\n");
        assertThat(new JsonFileReader().read(file, items::add)).isEqualTo(JsonFileReader.Layout.YAML);
        assertThat(bads()).singleElement().satisfies(bad -> assertThat(bad.reason()).contains("YAML"));
    }

    @Test
    void shouldReadARealGzippedArray() {
        new JsonFileReader().read(SharedData.file("ripe-atlas/probe-connection-events-msm7000/disco_msm7000_2011-01-15.json.gz"),
                items::add);
        assertThat(values()).hasSize(1835);
        assertThat(bads()).isEmpty();
    }
}
