package org.outagewatch.schemas.topic;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.outagewatch.schemas.config.Settings;

/**
 * How the {@link TopicCatalog} names and lays out its topics, read once from the settings:
 * <ul>
 *   <li>{@value #NAMESPACE} (env {@code OUTAGEWATCH_TOPIC__PREFIX}, flag {@code --namespace NAME}): a namespace put
 *       before every topic name, joined by a dot ({@code staging.probe-results}), and before the detector's
 *       application id, so that a replay or a staging detector runs beside production on one cluster without
 *       touching its topics; empty for none;</li>
 *   <li>{@value #RETENTION} (env {@code OUTAGEWATCH_TOPIC_RETENTION}): how long a delete-policy topic keeps a
 *       record after it arrived ({@code 7d}, {@code 36h}, {@code PT12H}, or {@code forever}); default 7 days;</li>
 *   <li>the partitions of every topic but the compacted metadata topic (each app reads its own key).</li>
 * </ul>
 */
public record TopicLayout(String namespace, int partitions, long retentionMs) {
    public static final String NAMESPACE = Settings.OURS + "topic-prefix";
    public static final String RETENTION = Settings.OURS + "topic.retention";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** What Kafka allows in a topic name. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    public TopicLayout {
        namespace = namespace == null ? "" : namespace.trim();
        if (!namespace.isEmpty() && (!LEGAL.matcher(namespace).matches() || namespace.endsWith("."))) {
            throw new IllegalArgumentException("Namespace (" + NAMESPACE + ") must be letters, digits, '.', '_' or '-'"
                    + " and not end with '.', not '" + namespace + "'");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topics need at least one partition, not " + partitions);
        }
        if (retentionMs < Topic.FOREVER || retentionMs == 0) {
            throw new IllegalArgumentException("Setting " + RETENTION + " must be a positive duration or 'forever'");
        }
    }

    /** No namespace, the default retention. */
    public static TopicLayout of(final int partitions) {
        return new TopicLayout("", partitions, DEFAULT_RETENTION.toMillis());
    }

    /** The namespace and retention from the settings, with the partitions the caller reads from its own key. */
    public static TopicLayout from(final Settings settings, final int partitions) {
        return new TopicLayout(settings.get(NAMESPACE, ""), partitions, retention(settings.get(RETENTION)));
    }

    /** A topic's full name: the namespace, a dot and the name, or the name alone. */
    public String name(final String base) {
        return namespace.isEmpty() ? base : namespace + "." + base;
    }

    /** The detector's application id in this namespace. */
    public String applicationId(final String base) {
        return name(base);
    }

    static long retention(final String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_RETENTION.toMillis();
        }
        final String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("forever") || s.equals("-1")) {
            return Topic.FOREVER;
        }
        try {
            final long millis = Settings.parseDuration(s).toMillis();
            if (millis <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return millis;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("Setting " + RETENTION + " must be a duration such as 7d, 36h or PT12H,"
                    + " or 'forever', not '" + text + "'", e);
        }
    }

    /** {@code 7d}, {@code 36h}, {@code 90m}, {@code 1500ms}: the largest whole unit. */
    static String durationText(final long millis) {
        final Duration d = Duration.ofMillis(millis);
        if (millis % Duration.ofDays(1).toMillis() == 0) {
            return d.toDays() + "d";
        } else if (millis % Duration.ofHours(1).toMillis() == 0) {
            return d.toHours() + "h";
        } else if (millis % Duration.ofMinutes(1).toMillis() == 0) {
            return d.toMinutes() + "m";
        } else if (millis % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return millis + "ms";
    }
}
