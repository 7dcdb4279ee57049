package org.outagewatch.detector.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.detector.api.ApiSettings;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code detect}: runs the detector until interrupted. Settings come from defaults, {@code --config FILE}, the
 * environment and these flags, in that order.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Run the detector: probe-results and traffic-samples -> signal-points -> outage-alerts.")
public final class DetectCommand implements Callable<Integer> {
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (env KAFKA_BOOTSTRAP_SERVERS; default "
            + DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", description = "Schema registry URL (env SCHEMA_REGISTRY_URL; default "
            + DEFAULT_SCHEMA_REGISTRY_URL + ").")
    String schemaRegistryUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (Kafka keys and outagewatch.*).")
    Path config;

    @Option(names = "--application-id", description = "Kafka Streams application id (default: "
            + DetectorApp.DEFAULT_APPLICATION_ID + ").")
    String applicationId;

    @Option(names = "--namespace", paramLabel = "NAME", description = "Run in a namespace: topics NAME.probe-results, ..."
            + " and application id NAME.<application id> (setting " + TopicLayout.NAMESPACE
            + ", env OUTAGEWATCH_TOPIC__PREFIX; default none), beside production on one cluster.")
    String namespace;

    @Option(names = "--api-port", paramLabel = "PORT", description = "Port of the HTTP API and dashboard (setting "
            + ApiSettings.PORT + ", env OUTAGEWATCH_API_PORT; default " + ApiSettings.DEFAULT_PORT + "; off for none).")
    String apiPort;

    @Option(names = "--standby-replicas", paramLabel = "N", description = "Warm copies of each task's state on other"
            + " instances (setting " + Standbys.REPLICAS + ", env OUTAGEWATCH_STANDBY_REPLICAS; default "
            + Standbys.DEFAULT_REPLICAS + "; 0 for none).")
    String standbyReplicas;

    @Option(names = "--reset", description = "Delete this instance's local state before starting.")
    boolean reset;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(new CommandLine(new DetectCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (config != null && !Files.isReadable(config)) {
            spec.commandLine().getErr().println("Cannot read config file " + config);
            return 2;
        }
        final Settings settings;
        final DetectorApp app;
        try {
            settings = Settings.load(defaults(), config, System.getenv(), flags());
            app = new DetectorApp(settings);
        } catch (IllegalArgumentException | java.io.UncheckedIOException | org.apache.kafka.common.KafkaException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        // refuse to write to a topic that would delete what we write (CreateTime with a finite retention)
        final Optional<String> refusal;
        try {
            refusal = DetectorApp.checkRetention(settings, app.topics());
        } catch (IllegalStateException e) {
            app.close();
            spec.commandLine().getErr().println("detect: " + e.getMessage());
            return 1;
        }
        if (refusal.isPresent()) {
            app.close();
            spec.commandLine().getErr().println("detect: " + refusal.get());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close(DetectorApp.CLOSE_TIMEOUT), "detector-shutdown"));
        if (reset) {
            app.cleanUp();
        }
        app.start();
        app.apiPort().ifPresent(port -> spec.commandLine().getOut().println("API and dashboard: http://localhost:" + port + "/"));
        app.awaitStopped();
        return app.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }

    static Map<String, String> defaults() {
        return Map.of(StreamsConfig.APPLICATION_ID_CONFIG, DetectorApp.DEFAULT_APPLICATION_ID,
                Settings.BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS,
                Settings.SCHEMA_REGISTRY_URL, DEFAULT_SCHEMA_REGISTRY_URL,
                ApiSettings.PORT, String.valueOf(ApiSettings.DEFAULT_PORT));
    }

    private Map<String, String> flags() {
        final Map<String, String> flags = new HashMap<>();
        flags.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        flags.put(Settings.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        flags.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        flags.put(TopicLayout.NAMESPACE, namespace);
        flags.put(ApiSettings.PORT, apiPort);
        flags.put(Standbys.REPLICAS, standbyReplicas);
        return flags;
    }
}
