package org.outagewatch.deploy.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the outagewatch checkout the distribution runs from (the directory with {@code deploy/} in it), which
 * holds the default data directory {@code .outagewatch/} and the broker jars. In order: the system property
 * {@code outagewatch.home} (the launcher sets it), the environment variable {@code OUTAGEWATCH_HOME}, two levels
 * above the running jar ({@code <home>/deploy/target/outagewatch.jar}), the working directory.
 */
public final class ProjectHome {
    public static final String PROPERTY = "outagewatch.home";
    public static final String ENVIRONMENT = "OUTAGEWATCH_HOME";

    private ProjectHome() {
    }

    public static Path locate() {
        return locate(System.getProperties().getProperty(PROPERTY), System.getenv(), runningJar());
    }

    static Path locate(final String property, final Map<String, String> environment, final Optional<Path> runningJar) {
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        final String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment).toAbsolutePath().normalize();
        }
        final Optional<Path> besideJar = runningJar.map(jar -> jar.toAbsolutePath().getParent())
                .map(Path::getParent).map(Path::getParent)
                .filter(candidate -> Files.isDirectory(candidate.resolve("deploy")));
        return besideJar.orElseGet(() -> Path.of("").toAbsolutePath());
    }

    /** The jar this class was loaded from, when it runs from a jar (not from target/classes). */
    public static Optional<Path> runningJar() {
        final CodeSource source = ProjectHome.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            final Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar")
                    ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
