package org.outagewatch.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * What the serdes and tools need from a Confluent-compatible schema registry.
 *
 * <p>Implementations: {@link HttpSchemaRegistryClient} speaks the Confluent REST API to any compatible
 * registry (ours, Confluent's, Karapace, Redpanda, Apicurio's compatibility API);
 * {@link InMemorySchemaRegistryClient} serves {@code mock://} URLs in unit tests. Both cache ids and
 * schemas, so the serdes call them on every record.
 */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (or finds it already there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The version of the subject that holds this schema; fails with {@code 40403} when it is not registered. */
    SchemaVersion lookup(String subject, Schema schema);

    /** The schema with this global id; fails with {@code 40403} when there is none. */
    Schema getById(int id);

    /** The newest version of the subject; fails with {@code 40401} when the subject is unknown. */
    SchemaVersion latest(String subject);

    /** One version of the subject. */
    SchemaVersion version(String subject, int version);

    /** Every subject that has at least one version. */
    List<String> subjects();

    /** Every version number of the subject. */
    List<Integer> versions(String subject);

    /** Whether the schema could be registered under the subject, checked against the given version ("latest" = -1). */
    boolean testCompatibility(String subject, int version, Schema schema);

    /** The subject's compatibility level, or the global one when the subject has none. */
    CompatibilityLevel compatibility(String subjectOrNull);

    /** Sets the compatibility level of the subject, or the global one when subject is null. */
    void setCompatibility(String subjectOrNull, CompatibilityLevel level);

    /** The version number passed to {@link #testCompatibility} to mean the latest one. */
    int LATEST = -1;
}
