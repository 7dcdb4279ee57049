package org.outagewatch.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's data in memory: subjects and their versions, global schema ids, compatibility levels.
 *
 * <p>Deterministic: the same sequence of calls gives the same ids, so registry instances that apply the
 * same log of commands (the {@code _schemas} topic) agree on every id. A schema with the same canonical
 * form gets the same id under every subject, as in Confluent's registry. Thread-safe.
 */
public final class RegistryState {
    private final Map<String, List<SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonicalForm = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    /**
     * Registers the schema under the subject, or returns its existing version there; fails with 409 when it
     * breaks the subject's compatibility level. A rejected schema leaves no trace (no empty subject).
     */
    public synchronized SchemaVersion register(final String subject, final Schema schema) {
        final SchemaVersion existing = existingVersion(subject, schema);
        if (existing != null) {
            return existing;
        }
        final List<String> problems = registrationProblems(subject, schema);
        if (!problems.isEmpty()) {
            throw SchemaRegistryException.incompatible(subject, String.join("; ", problems));
        }
        final List<SchemaVersion> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        final int id = idsByCanonicalForm.computeIfAbsent(canonical(schema), c -> nextId++);
        schemasById.putIfAbsent(id, schema);
        final int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        final SchemaVersion registered = new SchemaVersion(subject, version, id, schema);
        versions.add(registered);
        return registered;
    }

    /**
     * Why {@link #register} would reject the schema under the subject now; empty when it would accept it
     * (including when the schema is already registered there).
     */
    public synchronized List<String> registrationProblems(final String subject, final Schema schema) {
        if (existingVersion(subject, schema) != null) {
            return List.of();
        }
        final List<Schema> earlier = subjects.getOrDefault(subject, List.of()).stream().map(SchemaVersion::schema).toList();
        return CompatibilityChecker.problems(compatibility(subject), schema, earlier);
    }

    private SchemaVersion existingVersion(final String subject, final Schema schema) {
        final String canonical = canonical(schema);
        for (final SchemaVersion existing : subjects.getOrDefault(subject, List.of())) {
            if (canonical(existing.schema()).equals(canonical)) {
                return existing;
            }
        }
        return null;
    }

    public synchronized SchemaVersion lookup(final String subject, final Schema schema) {
        final List<SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        final String canonical = canonical(schema);
        return versions.stream()
                .filter(v -> canonical(v.schema()).equals(canonical))
                .findFirst()
                .orElseThrow(() -> SchemaRegistryException.schemaNotFound("for subject '" + subject + "'"));
    }

    public synchronized Schema getById(final int id) {
        final Schema schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.schemaNotFound("with id " + id);
        }
        return schema;
    }

    /** The subjects and versions that hold the schema with this id. */
    public synchronized List<SchemaVersion> usesOf(final int id) {
        getById(id);
        final List<SchemaVersion> uses = new ArrayList<>();
        subjects.values().forEach(vs -> vs.stream().filter(v -> v.id() == id).forEach(uses::add));
        return uses;
    }

    public synchronized SchemaVersion latest(final String subject) {
        final List<SchemaVersion> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return versions.get(versions.size() - 1);
    }

    public synchronized SchemaVersion version(final String subject, final int version) {
        if (version == SchemaRegistryClient.LATEST) {
            return latest(subject);
        }
        final List<SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return versions.stream()
                .filter(v -> v.version() == version)
                .findFirst()
                .orElseThrow(() -> SchemaRegistryException.versionNotFound(subject, version));
    }

    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    public synchronized List<Integer> versions(final String subject) {
        final List<SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(SchemaVersion::version).toList();
    }

    /** The reasons the schema could not be registered against the given version (or all, if transitive). */
    public synchronized List<String> compatibilityProblems(final String subject, final int version, final Schema schema) {
        final List<SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        final SchemaVersion target = version(subject, version);
        final CompatibilityLevel level = compatibility(subject);
        final List<Schema> against;
        if (level.transitive()) {
            against = versions.stream().map(SchemaVersion::schema).toList();
        } else {
            against = List.of(target.schema());
        }
        return CompatibilityChecker.problems(level, schema, against);
    }

    public synchronized CompatibilityLevel compatibility(final String subjectOrNull) {
        if (subjectOrNull != null) {
            final CompatibilityLevel level = subjectLevels.get(subjectOrNull);
            if (level != null) {
                return level;
            }
        }
        return globalLevel;
    }

    /** The level set on the subject itself, or null when it follows the global level. */
    public synchronized CompatibilityLevel subjectCompatibility(final String subject) {
        return subjectLevels.get(subject);
    }

    public synchronized void setCompatibility(final String subjectOrNull, final CompatibilityLevel level) {
        if (subjectOrNull == null) {
            globalLevel = level;
        } else {
            subjectLevels.put(subjectOrNull, level);
        }
    }

    private static String canonical(final Schema schema) {
        return schema.toString();
    }
}
