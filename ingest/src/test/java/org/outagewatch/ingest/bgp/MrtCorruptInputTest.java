package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Hand-made truncated and corrupt MRT input: a clear error with the byte offset, every element before it kept. */
class MrtCorruptInputTest {
    private static final long T0 = 1_700_000_000L;
    private static final int PEER_AS = 64496;

    /** A BGP4MP_MESSAGE_AS4 UPDATE from 192.0.2.1 announcing one prefix with the given NLRI bytes. */
    private static byte[] update(final long time, final byte[] nlri) {
        final byte[] attributes = {0x40, 1, 1, 0, 0x40, 2, 6, 2, 1, 0, 0, (byte) 0xfb, (byte) 0xf0, 0x40, 3, 4, (byte) 192, 0, 2, 1};
        final ByteBuffer message = ByteBuffer.allocate(19 + 4 + attributes.length + nlri.length);
        for (int i = 0; i < 16; i++) {
            message.put((byte) 0xff);
        }
        message.putShort((short) message.capacity()).put((byte) 2).putShort((short) 0)
                .putShort((short) attributes.length).put(attributes).put(nlri);
        final ByteBuffer body = ByteBuffer.allocate(4 + 4 + 2 + 2 + 4 + 4 + message.capacity());
        body.putInt(PEER_AS).putInt(PEER_AS + 1).putShort((short) 0).putShort((short) 1)
                .put(new byte[] {(byte) 192, 0, 2, 1}).put(new byte[] {(byte) 192, 0, 2, 2}).put(message.array());
        return record(time, MrtRecord.BGP4MP, MrtDecoder.BGP4MP_MESSAGE_AS4, body.array());
    }

    private static byte[] record(final long time, final int type, final int subtype, final byte[] body) {
        return ByteBuffer.allocate(12 + body.length).putInt((int) time).putShort((short) type).putShort((short) subtype)
                .putInt(body.length).put(body).array();
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static final byte[] PREFIX_1 = {24, (byte) 198, 51, 100};
    private static final byte[] PREFIX_2 = {16, (byte) 203, 0};

    @Test
    void shouldReadHandMadeUpdates() throws IOException {
        final List<String> lines = read(concat(update(T0, PREFIX_1), update(T0 + 1, PREFIX_2)), new ArrayList<>());
        assertThat(lines).containsExactly(
                "BGP4MP|" + T0 + "|A|192.0.2.1|" + PEER_AS + "|198.51.100.0/24|64496|IGP|192.0.2.1|0|0||NAG||",
                "BGP4MP|" + (T0 + 1) + "|A|192.0.2.1|" + PEER_AS + "|203.0.0.0/16|64496|IGP|192.0.2.1|0|0||NAG||");
    }

    @Test
    void shouldKeepTheRecordsBeforeATruncatedBody() {
        final byte[] first = update(T0, PREFIX_1);
        final byte[] second = update(T0 + 1, PREFIX_2);
        final byte[] cut = Arrays.copyOf(concat(first, second), first.length + second.length - 3);
        final List<String> lines = new ArrayList<>();
        final MrtFormatException error = catchThrowableOfType(MrtFormatException.class, () -> read(cut, lines));
        assertThat(lines).hasSize(1);
        assertThat(error.recoverable()).isFalse();
        assertThat(error.offset()).isEqualTo(first.length);
        assertThat(error.getMessage()).startsWith("Truncated MRT record").endsWith("at byte offset " + first.length);
    }

    @Test
    void shouldKeepTheRecordsBeforeATruncatedHeader() {
        final byte[] first = update(T0, PREFIX_1);
        final byte[] cut = Arrays.copyOf(concat(first, update(T0 + 1, PREFIX_2)), first.length + 5);
        final List<String> lines = new ArrayList<>();
        final MrtFormatException error = catchThrowableOfType(MrtFormatException.class, () -> read(cut, lines));
        assertThat(lines).hasSize(1);
        assertThat(error.getMessage()).isEqualTo("Truncated MRT header: 5 of 12 bytes at byte offset " + first.length);
    }

    @Test
    void shouldRejectAnImpossibleRecordLength() {
        final byte[] first = update(T0, PREFIX_1);
        final byte[] corrupt = concat(first, ByteBuffer.allocate(12).putInt((int) T0).putShort((short) 16)
                .putShort((short) 4).putInt(-1).array());
        final MrtFormatException error = catchThrowableOfType(MrtFormatException.class, () -> read(corrupt, new ArrayList<>()));
        assertThat(error.recoverable()).isFalse();
        assertThat(error.getMessage()).contains("record length 4294967295 exceeds").endsWith("at byte offset " + first.length);
    }

    @Test
    void shouldSkipABadRecordAndGoOn() throws IOException {
        final byte[] first = update(T0, PREFIX_1);
        final byte[] bad = update(T0 + 1, new byte[] {(byte) 33, 1, 2, 3, 4, 5});
        final byte[] third = update(T0 + 2, PREFIX_2);
        final List<String> lines = new ArrayList<>();
        final List<MrtFormatException> errors = new ArrayList<>();
        try (BgpElementReader reader = new BgpElementReader(new MrtReader(new ByteArrayInputStream(concat(first, bad, third))))) {
            boolean more = true;
            while (more) {
                try {
                    more = reader.next(element -> lines.add(BgpdumpFormat.line(element)));
                } catch (MrtFormatException e) {
                    errors.add(e);
                }
            }
        }
        assertThat(lines).hasSize(2);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.recoverable()).isTrue();
            assertThat(e.getMessage()).contains("prefix length 33 exceeds 32");
            assertThat(e.offset()).isGreaterThan(first.length).isLessThan(first.length + bad.length);
        });
    }

    @Test
    void shouldReportACutGzipStreamAfterItsCompleteRecords() throws IOException {
        final byte[] first = update(T0, PREFIX_1);
        final ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(concat(first, update(T0 + 1, PREFIX_2)));
        }
        final byte[] cut = Arrays.copyOf(zipped.toByteArray(), zipped.size() - 12);
        final List<String> lines = new ArrayList<>();
        final MrtFormatException error = catchThrowableOfType(MrtFormatException.class, () -> {
            try (BgpElementReader reader = new BgpElementReader(new MrtReader(MrtReader.decompressed(
                    new java.io.BufferedInputStream(new ByteArrayInputStream(cut)))))) {
                reader.readAll(element -> lines.add(BgpdumpFormat.line(element)));
            }
        });
        assertThat(error.recoverable()).isFalse();
        assertThat(error.getMessage()).startsWith("Truncated").contains("compressed input").contains("byte offset");
        assertThat(lines).hasSize(1);
    }

    private static List<String> read(final byte[] mrt, final List<String> lines) throws IOException {
        try (BgpElementReader reader = new BgpElementReader(new MrtReader(new ByteArrayInputStream(mrt)))) {
            reader.readAll(element -> lines.add(BgpdumpFormat.line(element)));
        }
        return lines;
    }
}
