package org.outagewatch.deploy.console;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.ingest.app.KafkaOptions;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch incidents}: the current incidents, read from the compacted {@code incidents} topic up to its
 * end offsets (the latest record per incident id), oldest first; then it exits. Same blocks as {@code watch}, or
 * JSON lines.
 */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = "List the current incidents (latest state per incident) and exit.")
public final class IncidentsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--open", description = "Only incidents not yet resolved.")
    private boolean open;

    @Option(names = "--json", description = "One JSON object per line (\"type\": \"incident\", then the record's fields).")
    private boolean json;

    @Override
    public Integer call() {
        final Settings settings = kafka.settings(Map.of(), Map.of());
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        final Map<String, Incident> latest = LatestPerKey.read(settings.kafkaConfig(), catalog.incidents(), WatchCommand.TIMEOUT);
        final List<Incident> shown = new ArrayList<>();
        for (final Incident incident : latest.values()) {
            if (!open || incident.getStatus() != IncidentStatus.RESOLVED) {
                shown.add(incident);
            }
        }
        shown.sort(Comparator.comparing(Incident::getStartedAt).thenComparing(Incident::getIncidentId));
        final PrintWriter out = spec.commandLine().getOut();
        final ConsoleFormat format = json ? ConsoleFormat.plain() : ConsoleFormat.forTerminal(Terminal.isInteractive(), System.getenv());
        for (final Incident incident : shown) {
            out.println(json ? ConsoleFormat.incidentJson(incident) : format.incidentBlock(incident, true));
        }
        if (!json) {
            final long openCount = latest.values().stream().filter(i -> i.getStatus() != IncidentStatus.RESOLVED).count();
            out.println(open ? openCount + " open incidents" : latest.size() + " incidents, " + openCount + " open");
        }
        out.flush();
        return 0;
    }
}
