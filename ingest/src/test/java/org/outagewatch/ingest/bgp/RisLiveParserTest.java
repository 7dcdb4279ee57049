package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.ingest.source.SourceItem;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;
import org.outagewatch.schemas.testing.SharedData;

/** RIS Live messages of every real file to RouteUpdates, with counts; the bgpkit-edited edge cases dead-letter. */
class RisLiveParserTest {
    private static final String DIR = "bgp/ris-live/";

    /** A sink keeping what it gets. */
    private static final class Collected implements RecordSink {
        final List<Keyed> records = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();

        @Override
        public void accept(final Keyed record) {
            records.add(record);
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected.add(origin + " " + reason);
        }

        List<RouteUpdate> updates() {
            return records.stream().map(r -> (RouteUpdate) r.value()).toList();
        }
    }

    private final RisLiveParser parser = new RisLiveParser();

    private Collected read(final String name) {
        final Collected sink = new Collected();
        new JsonPipeline(new JsonFileReader(), parser).read(SharedData.file(DIR + name), sink);
        return sink;
    }

    @Test
    void shouldMapTheRealBgpkitMessages() {
        final Collected got = read("bgpkit_ris_live_messages_real.jsonl");
        assertThat(got.rejected).isEmpty();
        // 1 + 1 + 1 announcements, 1 withdrawal, 4 announcements, 4 from raw bytes only, 1 announcement
        assertThat(got.records).hasSize(13);
        final List<RouteUpdate> updates = got.updates();
        final RouteUpdate first = updates.get(0);
        assertThat(first.getType()).isEqualTo(RouteUpdateType.ANNOUNCE);
        assertThat(first.getCollector()).isEqualTo("rrc20");
        assertThat(first.getPeerAddress()).isEqualTo("2001:7f8:24::82");
        assertThat(first.getPeerAsn()).isEqualTo(58299L);
        assertThat(first.getPrefix()).isEqualTo("2602:fd9e:f00::/40");
        assertThat(first.getAsPath()).containsExactly(58299L, 49981L, 397666L);
        assertThat(first.getOriginAsn()).isEqualTo(397666L);
        assertThat(first.getObservedAt()).isEqualTo(Instant.ofEpochMilli(1636247118760L));
        assertThat(got.records.get(0).key()).isEqualTo("2602:fd9e:f00::/40");
        final RouteUpdate withdrawal = updates.get(3);
        assertThat(withdrawal.getType()).isEqualTo(RouteUpdateType.WITHDRAW);
        assertThat(withdrawal.getCollector()).isEqualTo("rrc25");
        assertThat(withdrawal.getPrefix()).isEqualTo("2605:de00:bb::/48");
        assertThat(withdrawal.getOriginAsn()).isNull();
        assertThat(updates).filteredOn(u -> u.getType() == RouteUpdateType.ANNOUNCE).hasSize(12);
    }

    @Test
    void shouldDecodeRawBytesToWhatTheParsedFieldsSay() {
        final List<RouteUpdate> updates = read("bgpkit_ris_live_messages_real.jsonl").updates();
        // message 5 has the parsed fields (and raw), message 6 the same UPDATE with only raw
        final List<RouteUpdate> fromFields = updates.subList(4, 8);
        final List<RouteUpdate> fromRaw = updates.subList(8, 12);
        assertThat(fromRaw).isEqualTo(fromFields);
        assertThat(fromRaw).extracting(RouteUpdate::getPrefix)
                .containsExactly("2a0e:97c7::/48", "2a0e:97c6:fe::/48", "2a10:cc42:17b7::/48", "2a10:cc42:1feb::/48");
    }

    @Test
    void shouldMapLibbgpstreamMessagesAndDeadLetterTheErrorAndTheCutLine() {
        final Collected got = read("libbgpstream_ris-live-stream.jsonl");
        assertThat(got.updates()).extracting(RouteUpdate::getType)
                .containsExactly(RouteUpdateType.ANNOUNCE, RouteUpdateType.PEER_DOWN);
        assertThat(got.records.get(1).key()).isEqualTo("peer:195.66.224.59");
        assertThat(got.updates().get(0).getAsPath()).hasSize(12).endsWith(268481L);
        assertThat(got.rejected).hasSize(2);
        assertThat(got.rejected.get(0)).contains("libbgpstream_ris-live-stream.jsonl:3")
                .contains("RIS Live error: this is a test error message");
        assertThat(got.rejected.get(1)).contains("libbgpstream_ris-live-stream.jsonl:7");
        assertThat(parser.ignored()).isEqualTo(Map.of("OPEN", 1L, "NOTIFICATION", 1L, "KEEPALIVE", 1L));
    }

    @Test
    void shouldDeadLetterTheEditedEdgeCasesWithReasonAndLine() {
        final Collected got = read("bgpkit_ris_live_messages_test_edited_edgecases.jsonl");
        assertThat(got.records).isEmpty();
        assertThat(got.rejected).hasSize(5);
        final String file = "bgpkit_ris_live_messages_test_edited_edgecases.jsonl:";
        assertThat(got.rejected.get(0)).contains(file + "1").contains("without 'type'");
        assertThat(got.rejected.get(1)).contains(file + "2").contains("Unknown origin 'unknown'");
        assertThat(got.rejected.get(2)).contains(file + "3").contains("Malformed aggregator '65000-8.42.232.1'");
        assertThat(got.rejected.get(3)).contains(file + "4").contains("Unknown ris_message type 'OTHER'");
        assertThat(got.rejected.get(4)).contains(file + "5").contains("'host'");
        assertThat(parser.ignored()).isEqualTo(Map.of("KEEPALIVE", 1L));
    }

    @Test
    void shouldWriteAddressesAndPrefixesAsTheMrtDecoderDoes() {
        assertThat(IpText.canonicalPrefix("2605:de00:bb:0:0:0:0:0/48")).isEqualTo("2605:de00:bb::/48");
        assertThat(IpText.canonicalPrefix("10.1.2.3/8")).isEqualTo("10.0.0.0/8");
        assertThat(IpText.canonicalAddress("2001:7F8:0:0:0:0:0:1")).isEqualTo("2001:7f8::1");
        assertThat(IpText.canonicalAddress("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
    }

    @Test
    void shouldRejectTextThatIsNoAddressWithoutLookingItUp() {
        for (final String bad : List.of("example.org", "1.2.3", "1.2.3.256", "1..2.3", "2001:db8::g", "")) {
            assertThatThrownBy(() -> IpText.canonicalAddress(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> IpText.canonicalPrefix("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepSubscribeAcknowledgementsOutOfTheDeadLetters() {
        final Collected sink = new Collected();
        final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), parser);
        final ObjectMapper mapper = new ObjectMapper();
        pipeline.handle(new SourceItem.Value(Origin.line("ws", 1),
                mapper.createObjectNode().put("type", "ris_subscribe_ok")), sink);
        pipeline.handle(new SourceItem.Value(Origin.line("ws", 2),
                mapper.createObjectNode().put("type", "ris_rrc_list")), sink);
        assertThat(sink.records).isEmpty();
        assertThat(sink.rejected).containsExactly("ws:2 Unknown RIS Live message type 'ris_rrc_list'");
        assertThat(parser.ignored()).isEqualTo(Map.of("ris_subscribe_ok", 1L));
    }

    @Test
    void shouldFlattenAsSetsInThePath() {
        final Collected sink = new Collected();
        final ObjectMapper mapper = new ObjectMapper();
        final String json = "{\"type\":\"ris_message\",\"data\":{\"timestamp\":1636247118.5,\"peer\":\"192.0.2.7\","
                + "\"peer_asn\":64496,\"host\":\"rrc00\",\"type\":\"UPDATE\",\"path\":[64496,64497,[64500,64501]],"
                + "\"origin\":\"IGP\",\"announcements\":[{\"next_hop\":\"192.0.2.7\",\"prefixes\":[\"198.51.100.0/24\"]}]}}";
        try {
            new JsonPipeline(new JsonFileReader(), parser).handle(new SourceItem.Value(
                    Origin.line("t", 1), mapper.readTree(json)), sink);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertThat(sink.updates()).singleElement().satisfies(u -> {
            assertThat(u.getAsPath()).containsExactly(64496L, 64497L, 64500L, 64501L);
            assertThat(u.getOriginAsn()).isEqualTo(64501L);
        });
    }

    @Test
    void shouldDecodeTheRawMessageAsBgpkitDoes() throws Exception {
        final JsonNode bgpkit = new ObjectMapper().readTree(
                SharedData.file(DIR + "bgpkit_ris_live_raw_full_parsed_elems.json").toFile());
        final String raw = new ObjectMapper().readTree(Files.readAllLines(
                SharedData.file(DIR + "bgpkit_ris_live_messages_real.jsonl")).get(5)).path("data").path("raw").asText();
        final JsonNode meta = bgpkit.path("meta");
        final List<BgpElement> elements = new ArrayList<>();
        new MrtDecoder().decodeMessage(HexFormat.of().parseHex(raw), 1636245154L, 800_000, meta.path("peer").asText(),
                meta.path("peerAsn").asLong(), elements::add);
        final JsonNode expected = bgpkit.path("elems");
        assertThat(elements).hasSize(expected.size()).hasSize(4);
        for (int i = 0; i < elements.size(); i++) {
            final BgpElement ours = elements.get(i);
            final JsonNode theirs = expected.get(i);
            assertThat(ours.type().name()).isEqualTo(theirs.path("type").asText());
            assertThat(ours.prefix()).isEqualTo(theirs.path("prefix").asText());
            assertThat(ours.peerAddress()).isEqualTo(theirs.path("peer_ip").asText());
            assertThat(ours.peerAsn()).isEqualTo(theirs.path("peer_asn").asLong());
            assertThat(ours.nextHop()).isEqualTo(theirs.path("next_hop").asText());
            assertThat(ours.asPath().flatten()).containsExactlyElementsOf(
                    new ObjectMapper().convertValue(theirs.path("as_path"), new TypeReference<List<Long>>() { }));
            assertThat(ours.asPath().originAsn()).isEqualTo(theirs.path("origin_asns").get(0).asLong());
            assertThat(ours.attributes().originName()).isEqualTo(theirs.path("origin").asText());
            assertThat(ours.attributes().communities()).isEqualTo("6762:30 6762:14400");
            assertThat(ours.attributes().med()).isEqualTo(theirs.path("med").asLong());
            assertThat(ours.epochMillis()).isEqualTo(Math.round(theirs.path("timestamp").asDouble() * 1000));
        }
    }
}
