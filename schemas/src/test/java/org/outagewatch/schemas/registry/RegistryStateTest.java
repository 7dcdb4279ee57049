package org.outagewatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryStateTest {
    private final RegistryState state = new RegistryState();

    @Test
    void shouldGiveEqualSchemasOneIdAcrossSubjects() {
        final SchemaVersion a = state.register("a-value", TestSchemas.v1());
        final SchemaVersion b = state.register("b-value", TestSchemas.v1());
        final SchemaVersion other = state.register("c-value", TestSchemas.other());

        assertThat(b.id()).isEqualTo(a.id());
        assertThat(other.id()).isNotEqualTo(a.id());
        assertThat(a.version()).isEqualTo(1);
        assertThat(b.version()).isEqualTo(1);
        assertThat(state.usesOf(a.id())).extracting(SchemaVersion::subject).containsExactly("a-value", "b-value");
    }

    @Test
    void shouldNumberVersionsAndAnswerAgainForAKnownSchema() {
        final SchemaVersion first = state.register("s", TestSchemas.v1());
        final SchemaVersion second = state.register("s", TestSchemas.v2WithDefault());
        final SchemaVersion again = state.register("s", TestSchemas.v1());

        assertThat(second.version()).isEqualTo(2);
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(again).isEqualTo(first);
        assertThat(state.versions("s")).containsExactly(1, 2);
        assertThat(state.latest("s")).isEqualTo(second);
        assertThat(state.version("s", SchemaRegistryClient.LATEST)).isEqualTo(second);
        assertThat(state.version("s", 1).schema()).isEqualTo(TestSchemas.v1());
        assertThat(state.getById(second.id())).isEqualTo(TestSchemas.v2WithDefault());
    }

    @Test
    void shouldGiveTheSameIdsToTheSameSequenceOfRegistrations() {
        final RegistryState replica = new RegistryState();
        for (final RegistryState s : List.of(state, replica)) {
            s.register("x", TestSchemas.other());
            s.register("s", TestSchemas.v1());
            s.register("s", TestSchemas.v2WithDefault());
        }
        assertThat(replica.latest("s")).isEqualTo(state.latest("s"));
        assertThat(replica.latest("x")).isEqualTo(state.latest("x"));
    }

    @Test
    void shouldRejectAnIncompatibleChangeUnderTheBackwardDefault() {
        assertThat(state.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        state.register("s", TestSchemas.v1());

        assertThatThrownBy(() -> state.register("s", TestSchemas.v2WithoutDefault()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("'s'").contains("size");
                });
        assertThat(state.versions("s")).containsExactly(1);
        assertThat(state.registrationProblems("s", TestSchemas.v2WithoutDefault())).isNotEmpty();
        assertThat(state.registrationProblems("s", TestSchemas.v1())).isEmpty();
    }

    @Test
    void shouldLetASubjectLevelOverrideTheGlobalLevel() {
        state.register("loose", TestSchemas.v1());
        state.register("strict", TestSchemas.v1());
        state.setCompatibility("loose", CompatibilityLevel.NONE);

        assertThat(state.compatibility("loose")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.subjectCompatibility("loose")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.compatibility("strict")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(state.subjectCompatibility("strict")).isNull();
        assertThat(state.register("loose", TestSchemas.v2WithoutDefault()).version()).isEqualTo(2);
        assertThatThrownBy(() -> state.register("strict", TestSchemas.v2WithoutDefault()))
                .isInstanceOf(SchemaRegistryException.class);

        state.setCompatibility(null, CompatibilityLevel.NONE);
        assertThat(state.compatibility("strict")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.register("strict", TestSchemas.v2WithoutDefault()).version()).isEqualTo(2);
    }

    @Test
    void shouldLookUpRegisteredSchemasAndFailClearlyOtherwise() {
        final SchemaVersion registered = state.register("s", TestSchemas.v1());

        assertThat(state.lookup("s", TestSchemas.v1())).isEqualTo(registered);
        assertThatThrownBy(() -> state.lookup("s", TestSchemas.other()))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
        assertThatThrownBy(() -> state.lookup("nope", TestSchemas.v1()))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> state.version("s", 7))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> state.getById(registered.id() + 100))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void shouldTestCompatibilityAgainstAVersionWithoutRegistering() {
        state.register("s", TestSchemas.v1());

        assertThat(state.compatibilityProblems("s", SchemaRegistryClient.LATEST, TestSchemas.v2WithDefault())).isEmpty();
        assertThat(state.compatibilityProblems("s", 1, TestSchemas.v2WithoutDefault())).isNotEmpty();
        assertThat(state.versions("s")).containsExactly(1);
        assertThatThrownBy(() -> state.compatibilityProblems("s", 2, TestSchemas.v1()))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
    }
}
