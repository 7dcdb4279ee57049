package org.outagewatch.detector.app;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Whose local state a state directory holds: the Kafka cluster (its id, from {@code Admin.describeCluster}), the
 * application id and the topic namespace it was written against, in a marker file beside the application's state
 * ({@code <state.dir>/outagewatch-state-<application id>.properties}). Local state written against another cluster
 * or topic set must not be trusted (its checkpoints name offsets of other changelogs): the detector wipes it and
 * rebuilds from the changelogs ({@link DetectorApp#start()}).
 *
 * @param clusterId     the Kafka cluster id
 * @param applicationId the Streams application id (with the namespace)
 * @param namespace     the topic namespace, empty for none
 */
public record StateOwner(String clusterId, String applicationId, String namespace) {
    static final String PREFIX = "outagewatch-state-";

    /** The marker file of this application in {@code stateDir}. */
    public static Path marker(final Path stateDir, final String applicationId) {
        return stateDir.resolve(PREFIX + applicationId + ".properties");
    }

    /** The owner recorded in {@code stateDir} for {@code applicationId}, if any. */
    public static Optional<StateOwner> read(final Path stateDir, final String applicationId) {
        final Path marker = marker(stateDir, applicationId);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        final Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + marker + ": " + e.getMessage(), e);
        }
        return Optional.of(new StateOwner(p.getProperty("cluster.id", ""), p.getProperty("application.id", ""),
                p.getProperty("namespace", "")));
    }

    /** Records this owner in {@code stateDir} (written to a temporary file, then moved into place). */
    public void write(final Path stateDir) {
        final Path marker = marker(stateDir, applicationId);
        final Properties p = new Properties();
        p.setProperty("cluster.id", clusterId);
        p.setProperty("application.id", applicationId);
        p.setProperty("namespace", namespace);
        try {
            Files.createDirectories(stateDir);
            final Path temporary = marker.resolveSibling(marker.getFileName() + ".tmp");
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                p.store(writer, "Written by the outagewatch detector: the cluster and topics this state belongs to");
            }
            Files.move(temporary, marker, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + marker + ": " + e.getMessage(), e);
        }
    }

    /** Why state written by {@code recorded} must not be used by this owner, or empty when it may. */
    public Optional<String> mismatch(final StateOwner recorded) {
        if (!recorded.clusterId.equals(clusterId)) {
            return Optional.of("it was written against Kafka cluster " + recorded.clusterId + ", this is cluster " + clusterId);
        }
        if (!recorded.namespace.equals(namespace) || !recorded.applicationId.equals(applicationId)) {
            return Optional.of("it was written for application " + recorded.applicationId + " in namespace '"
                    + recorded.namespace + "', this is " + applicationId + " in '" + namespace + "'");
        }
        return Optional.empty();
    }
}
