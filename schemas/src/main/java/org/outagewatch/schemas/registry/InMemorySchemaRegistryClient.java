package org.outagewatch.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in memory, for {@code mock://scope} URLs in unit tests (TopologyTestDriver). Every
 * client of the same scope shares one {@link RegistryState}, as every serde of a test shares one registry.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private static final Map<String, RegistryState> SCOPES = new ConcurrentHashMap<>();

    private final RegistryState state;

    public InMemorySchemaRegistryClient() {
        this(new RegistryState());
    }

    public InMemorySchemaRegistryClient(final RegistryState state) {
        this.state = state;
    }

    /** The client of a shared scope; {@code mock://a} and {@code mock://b} are separate registries. */
    public static InMemorySchemaRegistryClient forScope(final String scope) {
        return new InMemorySchemaRegistryClient(SCOPES.computeIfAbsent(scope, s -> new RegistryState()));
    }

    /** Forgets a scope, so the next test starts with an empty registry. */
    public static void dropScope(final String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return state.register(subject, schema).id();
    }

    @Override
    public SchemaVersion lookup(final String subject, final Schema schema) {
        return state.lookup(subject, schema);
    }

    @Override
    public Schema getById(final int id) {
        return state.getById(id);
    }

    @Override
    public SchemaVersion latest(final String subject) {
        return state.latest(subject);
    }

    @Override
    public SchemaVersion version(final String subject, final int version) {
        return state.version(subject, version);
    }

    @Override
    public List<String> subjects() {
        return state.subjects();
    }

    @Override
    public List<Integer> versions(final String subject) {
        return state.versions(subject);
    }

    @Override
    public boolean testCompatibility(final String subject, final int version, final Schema schema) {
        return state.compatibilityProblems(subject, version, schema).isEmpty();
    }

    @Override
    public CompatibilityLevel compatibility(final String subjectOrNull) {
        return state.compatibility(subjectOrNull);
    }

    @Override
    public void setCompatibility(final String subjectOrNull, final CompatibilityLevel level) {
        state.setCompatibility(subjectOrNull, level);
    }
}
