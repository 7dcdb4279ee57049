package org.outagewatch.detector.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.schemas.config.Settings;

/**
 * Static group membership for the detector's consumers, on by default: a stable {@code group.instance.id} per
 * instance (Streams appends {@code -<thread index>} for each stream thread), so that a restarted instance takes its
 * tasks back at once instead of waiting for the dead member's session to expire ({@code session.timeout.ms}, 45 s)
 * and a rebalance. Measured in docs/RELIABILITY.md: processing again about 9 s after a SIGKILL and restart with it,
 * about 50 s without.
 *
 * <pre>
 * key (outagewatch.detector.)  default  meaning
 * static-membership            true     false: dynamic membership (every restart rebalances after the session timeout)
 * instance-id                  (below)  this instance's id; in Kubernetes the pod name of the StatefulSet
 * </pre>
 * The default id is {@code <host>-<crc32 of the state directory's absolute path>}: stable across restarts of one
 * instance (the same host and state directory, even emptied), different for two instances on one host (they cannot
 * share a state directory). A {@code group.instance.id} among the Kafka keys wins over both.
 *
 * <p>The price: an instance that is gone for good (scaled down, its machine lost) keeps its tasks until its session
 * times out, as with dynamic membership, and a clean shutdown does not hand them over at once either.
 */
public final class StaticMembership {
    public static final String ENABLED = DetectorSettings.PREFIX + "static-membership";
    public static final String INSTANCE_ID = DetectorSettings.PREFIX + "instance-id";

    private StaticMembership() {
    }

    /** Sets {@code group.instance.id} in {@code props} (the Streams config being built) as the settings say. */
    static void apply(final Settings settings, final Properties props) {
        if (props.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                || props.containsKey(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))) {
            return;
        }
        final String enabled = settings.get(ENABLED, "true").trim().toLowerCase(Locale.ROOT);
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException("Setting " + ENABLED + " must be true or false, not '" + enabled + "'");
        }
        if (enabled.equals("false")) {
            return;
        }
        final String configured = settings.get(INSTANCE_ID);
        final String id = configured != null && !configured.isBlank() ? configured.trim()
                : defaultId(host(), Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG)));
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
    }

    /** {@code <host>-<crc32 of the absolute state directory>}, in hex. */
    static String defaultId(final String host, final Path stateDir) {
        final CRC32 crc = new CRC32();
        crc.update(stateDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        return host + "-" + Long.toHexString(crc.getValue());
    }

    private static String host() {
        final String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
