package org.outagewatch.schemas.topic;

import java.util.ArrayList;
import java.util.List;
import org.outagewatch.schemas.registry.CompatibilityLevel;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.serde.WireFormat;

/**
 * The compatibility level of every subject of the catalog (values only: our keys are plain strings), and why.
 *
 * <pre>
 * subject                       level                reason
 * every topic but the one below FULL_TRANSITIVE      writers and readers upgrade independently (an adapter, the
 *                                                    detector, a downstream consumer of incidents with any client):
 *                                                    a new reader reads old data (backward) and an old reader new
 *                                                    data (forward, a rolling upgrade, a consumer not yet upgraded);
 *                                                    transitive because a replay and a compacted topic hold data of
 *                                                    every version, not only the last
 * ingest-dead-letters           BACKWARD_TRANSITIVE  read after the fact by people and the newest tools, never by a
 *                                                    program that must keep up with a newer writer; a dead letter may
 *                                                    gain a required field of context
 * </pre>
 * The batch subjects of probe-results and traffic-samples ({@link EventBatches}) are FULL_TRANSITIVE too.
 * Under FULL_TRANSITIVE the only changes are fields added or removed with a default (an optional field:
 * {@code ["null", ...]} with {@code "default": null}); anything else is a new topic.
 */
public record SubjectCompatibility(String subject, CompatibilityLevel level, String reason) {
    static final String INDEPENDENT = "writers and readers upgrade independently; replays and compacted topics hold every version";
    static final String AFTER_THE_FACT = "read after the fact by the newest tools; a dead letter may gain a required field";

    /** The level of every value subject of {@code catalog}, in the catalog's order. */
    public static List<SubjectCompatibility> of(final TopicCatalog catalog) {
        final List<SubjectCompatibility> levels = new ArrayList<>();
        for (final Topic<String, ?> topic : catalog.all()) {
            final boolean deadLetters = topic.equals(catalog.deadLetters());
            levels.add(new SubjectCompatibility(WireFormat.subject(topic.name(), false),
                    deadLetters ? CompatibilityLevel.BACKWARD_TRANSITIVE : CompatibilityLevel.FULL_TRANSITIVE,
                    deadLetters ? AFTER_THE_FACT : INDEPENDENT));
        }
        for (final String batchSubject : EventBatches.subjects(catalog)) {
            levels.add(new SubjectCompatibility(batchSubject, CompatibilityLevel.FULL_TRANSITIVE, INDEPENDENT));
        }
        return List.copyOf(levels);
    }

    /**
     * Sets the level of every value subject of {@code catalog} on the registry (before the first schema is
     * registered, so that the first change is already checked); idempotent.
     *
     * @return the subjects whose level changed
     */
    public static List<String> apply(final SchemaRegistryClient registry, final TopicCatalog catalog) {
        final List<String> changed = new ArrayList<>();
        for (final SubjectCompatibility wanted : of(catalog)) {
            if (registry.compatibility(wanted.subject()) != wanted.level()) {
                registry.setCompatibility(wanted.subject(), wanted.level());
                changed.add(wanted.subject());
            }
        }
        return changed;
    }
}
