package org.outagewatch.detector.app;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.schemas.config.Settings;

/**
 * Warm standby replicas of the detector's state ({@code num.standby.replicas}): each stateful task keeps a copy on
 * this many other instances, kept up to date from the changelogs, so that when an instance dies the one that takes its
 * tasks restores only the last moments instead of the whole changelog (docs/OPERATIONS.md, "Scaling out").
 *
 * <pre>
 * key                           default  meaning
 * outagewatch.standby.replicas  1        standby copies of each task's state on other instances (0: none)
 * </pre>
 * Default 1, not Kafka's 0: with one instance there is no other to hold a copy and it costs nothing; with two or more
 * a killed instance's tasks move to a warm copy. The price is that each instance reads the changelogs of the tasks it
 * stands by for and keeps their state (memory and disk) as well. {@code num.standby.replicas} among the Kafka keys
 * wins over this setting. Flag: {@code detect --standby-replicas N}; environment {@code OUTAGEWATCH_STANDBY_REPLICAS}.
 */
public final class Standbys {
    public static final String REPLICAS = Settings.OURS + "standby.replicas";
    public static final int DEFAULT_REPLICAS = 1;

    private Standbys() {
    }

    /** Sets {@code num.standby.replicas} in {@code props} (the Streams config being built) unless a Kafka key set it. */
    static void apply(final Settings settings, final Properties props) {
        if (settings.kafkaConfig().containsKey(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)) {
            return;
        }
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, replicas(settings));
    }

    /** The setting's value: a whole number, at least 0. */
    static int replicas(final Settings settings) {
        final String value = settings.get(REPLICAS, String.valueOf(DEFAULT_REPLICAS)).trim();
        final int replicas;
        try {
            replicas = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + REPLICAS + " must be a whole number (0 or more), not '"
                    + value + "'", e);
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("Setting " + REPLICAS + " must be 0 or more, not " + replicas);
        }
        return replicas;
    }
}
