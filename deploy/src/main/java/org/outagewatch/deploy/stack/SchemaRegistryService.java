package org.outagewatch.deploy.stack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The local schema registry: {@code outagewatch registry serve} run from the distribution jar as its own
 * process, keeping its schemas in the local broker. Consumes the {@link StackConfig}; produces the
 * {@link ServiceSpec} the supervisor runs. Its stdout and stderr (Logback) go to {@code logs/registry.log}.
 */
public final class SchemaRegistryService {
    public static final String NAME = "registry";
    /** The readiness path: 200 once the registry has read its schemas topic to the end (503 while catching up). */
    static final String READINESS_PATH = "/health";

    private final StackConfig config;

    public SchemaRegistryService(final StackConfig config) {
        this.config = config;
    }

    public ServiceSpec spec() {
        return new ServiceSpec(NAME, command(), config.dataDir(), logFile(), logFile(),
                new PidFile(config.runDir().resolve(NAME + ".pid")),
                List.of(config.registryBinding()),
                this::prepare, new HttpReadiness(URI.create(config.registryUrl() + READINESS_PATH)),
                config.startTimeout(), config.stopTimeout(), Map.of());
    }

    public Path logFile() {
        return config.logsDir().resolve("registry.log");
    }

    List<String> command() {
        return List.of(KafkaBroker.javaExecutable(), "-Xmx256m", "-Doutagewatch.service=" + NAME,
                "-D" + ProjectHome.PROPERTY + "=" + config.home(),
                "-jar", config.distributionJar().toString(),
                "registry", "serve",
                "--bootstrap-servers", config.bootstrapServers(),
                "--port", Integer.toString(config.registryPort()));
    }

    private void prepare() {
        if (!Files.isRegularFile(config.distributionJar())) {
            throw new StackSetupException("No distribution jar at " + config.distributionJar()
                    + "; build it with `mvn -B -DskipTests install -pl deploy -am` (the ./outagewatch launcher does)"
                    + " or point " + StackConfig.DISTRIBUTION_JAR + " at it");
        }
    }
}
