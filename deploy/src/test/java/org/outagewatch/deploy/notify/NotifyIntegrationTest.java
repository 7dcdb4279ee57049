package org.outagewatch.deploy.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.outagewatch.schemas.topic.TopicLayout;
import picocli.CommandLine;

/**
 * {@code notify} against a real KRaft broker and a local webhook that fails its first tries: every committed
 * incident event arrives once, in order per incident, signed; an aborted one never; a restart with the same group
 * sends only what came after; the Slack payload carries the explanation.
 */
class NotifyIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2024-03-05T14:00:00Z");
    private static final String SECRET = "s3cret";
    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300));
    private static EmbeddedKafka kafka;
    private static RegistryServer registry;
    private static TopicCatalog topics;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0));
        topics = TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, registry.url()), 2);
        kafka.createTopic(topics.incidents().name(), 2, true);
        write(true, incident("AS3320", IncidentStatus.OPEN, 40), incident("AS3320", IncidentStatus.UPDATE, 70),
                incident("AS9121", IncidentStatus.OPEN, 20), incident("AS3320", IncidentStatus.RESOLVED, 70));
        write(false, incident("AS666", IncidentStatus.OPEN, 99));
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        kafka.close();
    }

    @Test
    void shouldDeliverEachIncidentEventOnceInOrderThroughFailuresAndRestarts() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2)) {
            final List<String> lines = new ArrayList<>();
            runUntil(notifier("restart-group", receiver, WebhookFormat.JSON, lines), () -> receiver.delivered().size() >= 4);

            final List<WebhookReceiver.Request> delivered = receiver.delivered();
            assertThat(delivered).extracting(r -> incidentId(r) + " " + r.event()).containsExactlyInAnyOrder(
                    "AS3320@" + T0 + " OPEN", "AS3320@" + T0 + " UPDATE", "AS3320@" + T0 + " RESOLVED", "AS9121@" + T0 + " OPEN");
            assertThat(delivered).filteredOn(r -> incidentId(r).startsWith("AS3320")).extracting(WebhookReceiver.Request::event)
                    .containsExactly("OPEN", "UPDATE", "RESOLVED");
            // the two 503s were retried with the same delivery id, then answered 200
            final List<WebhookReceiver.Request> all = receiver.requests();
            assertThat(all).hasSize(6);
            assertThat(all.subList(0, 3)).extracting(WebhookReceiver.Request::answered).containsExactly(503, 503, 200);
            assertThat(all.subList(0, 3)).extracting(WebhookReceiver.Request::deliveryId).containsOnly(all.get(0).deliveryId());
            assertThat(delivered).extracting(WebhookReceiver.Request::deliveryId).doesNotHaveDuplicates();
            final WebhookSignature signature = new WebhookSignature(SECRET);
            assertThat(all).allMatch(r -> signature.sign(r.body()).equals(r.signature()));
            assertThat(lines).hasSize(4).anyMatch(line -> line.startsWith("delivered OPEN NETWORK_OUTAGE AS") && line.endsWith("attempt 3)"));

            // restart: the same group goes on after the last delivered event
            write(true, incident("AS174", IncidentStatus.OPEN, 50));
            runUntil(notifier("restart-group", receiver, WebhookFormat.JSON, new ArrayList<>()), () -> receiver.delivered().size() >= 5);
            Thread.sleep(1_000);
            assertThat(receiver.delivered()).hasSize(5).extracting(WebhookReceiver.Request::deliveryId).doesNotHaveDuplicates();
            assertThat(receiver.delivered()).extracting(NotifyIntegrationTest::incidentId)
                    .contains("AS174@" + T0).doesNotContain("AS666@" + T0);
        }
    }

    @Test
    void shouldGiveUpOnAnEventWhoseBodyTheReceiverRefusesAndDeliverTheOnesAfterIt() throws Exception {
        // a namespace of its own, so the other tests' groups do not see these events
        final TopicCatalog own = TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, registry.url()),
                new TopicLayout("refusals", 1, TopicLayout.DEFAULT_RETENTION.toMillis()));
        kafka.createTopic(own.incidents().name(), 1, true);
        write(own, true, incident("AS64500", IncidentStatus.OPEN, 60), incident("AS64500", IncidentStatus.RESOLVED, 60));
        final String refused = "AS64500@" + T0 + " OPEN";
        try (WebhookReceiver receiver = new WebhookReceiver(0, body -> refused.equals(incidentId(body) + " " + status(body)))) {
            final List<String> lines = new ArrayList<>();
            final IncidentNotifier notifier = notifier(own, "refusal-group", receiver, WebhookFormat.JSON, lines);
            runUntil(notifier, () -> receiver.delivered().size() >= 1);

            final List<WebhookReceiver.Request> all = receiver.requests();
            assertThat(all).extracting(r -> incidentId(r) + " " + r.event() + " " + r.answered()).containsExactly(
                    refused + " 422", refused + " 422", refused + " 422", "AS64500@" + T0 + " RESOLVED 200");
            assertThat(all.subList(0, 3)).extracting(WebhookReceiver.Request::deliveryId).containsOnly(all.get(0).deliveryId());
            assertThat(lines).first().asString()
                    .startsWith("GAVE UP on OPEN NETWORK_OUTAGE AS64500@" + T0 + " (HTTP 422, 3 times in a row; ");
            assertThat(notifier.counts()).isEqualTo(new IncidentNotifier.Counts(1, 3, 0, 1));
        }
    }

    @Test
    void shouldSendSlackMessagesWithTheExplanation() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            runUntil(notifier("slack-group", receiver, WebhookFormat.SLACK, new ArrayList<>()), () -> receiver.delivered().size() >= 4);

            final JsonNode first = JSON.readTree(receiver.delivered().get(0).body());
            assertThat(first.fieldNames()).toIterable().containsExactly("text");
            assertThat(first.get("text").asText()).contains("INCIDENT", "NETWORK_OUTAGE", "lost routing visibility");
        }
    }

    @Test
    void shouldRefuseABadWebhookInOneLine() {
        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        final int exit = cli.execute("notify", "--webhook", "ftp://example.org/x", "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(exit).isNotZero();
        assertThat(err.toString().strip()).isEqualTo("outagewatch notify: --webhook must be an http or https URL, not 'ftp://example.org/x'");
    }

    private static IncidentNotifier notifier(final String group, final WebhookReceiver receiver, final WebhookFormat format,
                                             final List<String> lines) {
        return notifier(topics, group, receiver, format, lines);
    }

    private static IncidentNotifier notifier(final TopicCatalog catalog, final String group, final WebhookReceiver receiver,
                                             final WebhookFormat format, final List<String> lines) {
        return new IncidentNotifier(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), group, true,
                catalog.incidents(), new WebhookClient(receiver.url(), new WebhookSignature(SECRET)), format, FAST,
                incident -> true, line -> {
                    synchronized (lines) {
                        lines.add(line);
                    }
                });
    }

    /** Runs the notifier on a thread until {@code done} or 60 s, then stops and closes it as Ctrl-C does. */
    private static void runUntil(final IncidentNotifier notifier, final BooleanSupplier done) throws Exception {
        final Thread thread = new Thread(() -> {
            try {
                notifier.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "notifier");
        thread.start();
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        notifier.stop();
        thread.join(10_000);
        notifier.close();
        assertThat(done.getAsBoolean()).as("deliveries within 60 s").isTrue();
    }

    private static String incidentId(final WebhookReceiver.Request request) {
        return incidentId(request.body());
    }

    private static String incidentId(final String body) {
        return field(body, "incidentId");
    }

    private static String status(final String body) {
        return field(body, "status");
    }

    private static String field(final String body, final String name) {
        try {
            return JSON.readTree(body).get(name).asText();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static Incident incident(final String asn, final IncidentStatus status, final int severity) {
        final Incident.Builder b = Incident.newBuilder()
                .setIncidentId(asn + "@" + T0)
                .setKind(IncidentKind.NETWORK_OUTAGE).setStatus(status).setSeverity(severity)
                .setAsns(List.of(Long.parseLong(asn.substring(2)))).setCountries(List.of("DE")).setStartedAt(T0)
                .setExplanation(asn + " lost routing visibility and reachability at once.");
        if (status == IncidentStatus.RESOLVED) {
            b.setEndedAt(T0.plusSeconds(2400));
        }
        return b.build();
    }

    private static void write(final boolean commit, final Incident... incidents) throws Exception {
        write(topics, commit, incidents);
    }

    private static void write(final TopicCatalog catalog, final boolean commit, final Incident... incidents) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "notify-it-" + commit), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            final Topic<String, Incident> topic = catalog.incidents();
            for (final Incident incident : incidents) {
                producer.send(new ProducerRecord<>(topic.name(),
                        topic.keySerde().serializer().serialize(topic.name(), incident.getIncidentId()),
                        topic.valueSerde().serializer().serialize(topic.name(), incident)))
                        .get(10, TimeUnit.SECONDS);
            }
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.flush();
                producer.abortTransaction();
            }
        }
    }
}
