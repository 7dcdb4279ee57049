package org.outagewatch.deploy.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.outagewatch.ingest.synthetic.Outage;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code outage-alerts} (read-committed: only what the detector's transactions committed) and prints one
 * line per alert, with what was really injected at that time in that network, so a viewer sees at once whether
 * the detector was right. Runs on its own thread until {@link #stop()}.
 */
final class AlertPrinter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPrinter.class);
    static final String GROUP_ID = "outagewatch-demo-alert-printer";
    private static final String MATCHES = "[matches";

    private final KafkaConsumer<String, OutageAlert> consumer;
    private final Topic<String, OutageAlert> topic;
    private final OutagePlan truth;
    /** Country code -> the ASNs of the world in it, to judge country alerts. */
    private final Map<String, List<Long>> countries;
    private final PrintWriter out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();

    AlertPrinter(final Map<String, Object> clientConfig, final Topic<String, OutageAlert> topic, final OutagePlan truth,
                 final Map<String, List<Long>> countries, final PrintWriter out) {
        final Map<String, Object> config = new java.util.HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(consumerOnly(config), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        this.topic = topic;
        this.truth = truth;
        this.countries = Map.copyOf(countries);
        this.out = out;
    }

    private static Map<String, Object> consumerOnly(final Map<String, Object> config) {
        final Map<String, Object> out = new java.util.HashMap<>();
        config.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic.name()));
            while (running.get()) {
                for (final ConsumerRecord<String, OutageAlert> record : consumer.poll(Duration.ofMillis(200))) {
                    print(record.value());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("The alert printer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void print(final OutageAlert alert) {
        if (alert == null) {
            return;
        }
        final String verdict = verdict(alert);
        out.println(AlertLine.format(alert) + "  " + verdict);
        out.flush();
        if (alert.getStatus() == AlertStatus.OPEN) {
            opened.incrementAndGet();
            if (verdict.startsWith(MATCHES)) {
                matched.incrementAndGet();
            }
        } else if (alert.getStatus() == AlertStatus.RESOLVED) {
            resolved.incrementAndGet();
        }
    }

    /**
     * What was injected during the alert (the ground truth): in this network, or for a country alert in one of the
     * country's networks. Other entities (feed health) get no verdict.
     */
    private String verdict(final OutageAlert alert) {
        final String entity = alert.getEntity();
        final List<Long> asns;
        final boolean country = countries.containsKey(entity);
        if (country) {
            asns = countries.get(entity);
        } else if (entity.matches("AS\\d+")) {
            asns = List.of(Long.parseLong(entity.substring(2)));
        } else {
            return "";
        }
        final Instant from = alert.getStartedAt();
        final Instant to = alert.getEndedAt() != null && alert.getEndedAt().isAfter(alert.getWindowEnd())
                ? alert.getEndedAt() : alert.getWindowEnd();
        for (final long asn : asns) {
            for (final Outage outage : truth.forAsn(asn)) {
                if (outage.overlaps(from, to)) {
                    return String.format(Locale.ROOT, "%s injected %s outage %s-%s, %.0f%% deep%s]", MATCHES,
                            outage.kind().name().toLowerCase(Locale.ROOT), AlertLine.clock(outage.start()),
                            AlertLine.clock(outage.end()), 100 * outage.depth(), country ? ", in AS" + asn : "");
                }
            }
        }
        return "[no injected outage here: false alert]";
    }

    long opened() {
        return opened.get();
    }

    long resolved() {
        return resolved.get();
    }

    long matched() {
        return matched.get();
    }

    void stop() {
        running.set(false);
        consumer.wakeup();
    }
}
