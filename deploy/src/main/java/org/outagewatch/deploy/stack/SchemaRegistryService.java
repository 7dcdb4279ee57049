package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

/**
 * The local schema registry: {@code outagewatch registry serve} run from the distribution jar as its own
 * process, keeping its schemas in the local broker. Consumes the {@link StackConfig}; produces the
 * {@link ServiceSpec} the supervisor runs. Its stdout and stderr (Logback) go to {@code logs/registry.log}.
 * The process runs from a copy of the jar in the data directory, so rebuilding the distribution (which rewrites
 * the jar in place) never pulls the classes from under a running registry.
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

    /** The copy of the distribution jar the registry process runs from. */
    public Path runtimeJar() {
        return config.dataDir().resolve(NAME).resolve("outagewatch.jar");
    }

    List<String> command() {
        return List.of(KafkaBroker.javaExecutable(), "-Xmx256m", "-Doutagewatch.service=" + NAME,
                "-D" + ProjectHome.PROPERTY + "=" + config.home(),
                "-jar", runtimeJar().toString(),
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
        try {
            final Path target = runtimeJar();
            final FileTime built = Files.getLastModifiedTime(config.distributionJar());
            if (Files.isRegularFile(target) && Files.size(target) == Files.size(config.distributionJar())
                    && Files.getLastModifiedTime(target).equals(built)) {
                return;
            }
            Files.createDirectories(target.getParent());
            final Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.copy(config.distributionJar(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(tmp, built);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackSetupException("Cannot copy " + config.distributionJar() + " into " + config.dataDir()
                    + ": " + e.getMessage(), e);
        }
    }
}
