package org.outagewatch.deploy.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.WakeupException;
import org.outagewatch.deploy.console.ConsoleFormat;
import org.outagewatch.deploy.console.FeedEvent;
import org.outagewatch.deploy.console.FeedReader;
import org.outagewatch.deploy.console.IncidentMemory;
import org.outagewatch.deploy.console.Terminal;
import org.outagewatch.ingest.synthetic.Outage;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.OutageAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code outage-alerts} and {@code incidents} (read-committed: only what the detector's transactions
 * committed) in the demo's consumer group and prints one line per alert event, with what was really injected at
 * that time in that network beside it (so a viewer sees at once whether the detector was right), and one block
 * per incident event. Counts the open alerts and incidents for the status line. Runs on its own thread until
 * {@link #stop()}.
 */
final class DemoPrinter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoPrinter.class);
    static final String GROUP_ID = "outagewatch-demo-alert-printer";
    private static final String MATCHES = "[matches";

    private final FeedReader reader;
    private final OutagePlan truth;
    /** Country code -> the ASNs of the world in it, to judge country alerts. */
    private final Map<String, List<Long>> countries;
    private final Terminal terminal;
    private final ConsoleFormat format;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong incidents = new AtomicLong();
    private final Set<String> openAlerts = new HashSet<>();
    private final Set<String> openIncidents = new HashSet<>();
    private final IncidentMemory memory = new IncidentMemory();

    DemoPrinter(final FeedReader reader, final OutagePlan truth, final Map<String, List<Long>> countries,
                final Terminal terminal, final ConsoleFormat format) {
        this.reader = reader;
        this.truth = truth;
        this.countries = Map.copyOf(countries);
        this.terminal = terminal;
        this.format = format;
    }

    @Override
    public void run() {
        try {
            reader.subscribe();
            while (running.get()) {
                for (final FeedEvent event : reader.poll(Duration.ofMillis(200))) {
                    if (event instanceof FeedEvent.AlertEvent a) {
                        print(a.alert());
                    } else if (event instanceof FeedEvent.IncidentEvent i) {
                        print(i.incident());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("The demo's alert printer stopped", e);
        } finally {
            reader.close();
        }
    }

    private void print(final OutageAlert alert) {
        final String verdict = verdict(alert);
        terminal.println(format.alertLine(alert) + (verdict.isEmpty() ? "" : "  " + verdict));
        final String key = alert.getEntity() + "|" + alert.getSignal();
        synchronized (this) {
            if (alert.getStatus() == AlertStatus.RESOLVED) {
                openAlerts.remove(key);
            } else {
                openAlerts.add(key);
            }
        }
        if (alert.getStatus() == AlertStatus.OPEN) {
            opened.incrementAndGet();
            if (verdict.startsWith(MATCHES)) {
                matched.incrementAndGet();
            }
        } else if (alert.getStatus() == AlertStatus.RESOLVED) {
            resolved.incrementAndGet();
        }
    }

    private void print(final Incident incident) {
        terminal.println(format.incidentBlock(incident, memory.explain(incident)));
        synchronized (this) {
            if (incident.getStatus() == IncidentStatus.RESOLVED) {
                openIncidents.remove(incident.getIncidentId());
            } else {
                openIncidents.add(incident.getIncidentId());
            }
        }
        if (incident.getStatus() == IncidentStatus.OPEN) {
            incidents.incrementAndGet();
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
                            outage.kind().name().toLowerCase(Locale.ROOT), ConsoleFormat.clock(outage.start()),
                            ConsoleFormat.clock(outage.end()), 100 * outage.depth(), country ? ", in AS" + asn : "");
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

    long incidentsOpened() {
        return incidents.get();
    }

    synchronized int openAlerts() {
        return openAlerts.size();
    }

    synchronized int openIncidents() {
        return openIncidents.size();
    }

    void stop() {
        running.set(false);
        reader.wakeup();
    }
}
