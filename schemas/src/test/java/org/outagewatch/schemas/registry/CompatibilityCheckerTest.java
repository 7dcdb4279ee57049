package org.outagewatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {

    @Test
    void shouldAcceptAnyFirstSchemaAndAnythingUnderNone() {
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.FULL_TRANSITIVE, TestSchemas.v1(), List.of())).isEmpty();
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.NONE, TestSchemas.other(), List.of(TestSchemas.v1()))).isEmpty();
    }

    @Test
    void shouldAcceptAFieldWithADefaultInEveryDirection() {
        for (final CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(CompatibilityChecker.problems(level, TestSchemas.v2WithDefault(), List.of(TestSchemas.v1())))
                    .as(level.name()).isEmpty();
        }
    }

    @Test
    void shouldRejectANewRequiredFieldBackwardButNotForward() {
        final List<String> backward = CompatibilityChecker.problems(CompatibilityLevel.BACKWARD, TestSchemas.v2WithoutDefault(), List.of(TestSchemas.v1()));

        assertThat(backward).singleElement().asString()
                .contains("reading data written with an earlier schema").contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("size");
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.FORWARD, TestSchemas.v2WithoutDefault(), List.of(TestSchemas.v1()))).isEmpty();
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.FULL, TestSchemas.v2WithoutDefault(), List.of(TestSchemas.v1()))).hasSize(1);
    }

    @Test
    void shouldRejectARemovedRequiredFieldForward() {
        final List<String> forward = CompatibilityChecker.problems(CompatibilityLevel.FORWARD, TestSchemas.v1(), List.of(TestSchemas.v2WithoutDefault()));

        assertThat(forward).singleElement().asString().contains("an earlier schema reading data written with this one");
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.BACKWARD, TestSchemas.v1(), List.of(TestSchemas.v2WithoutDefault()))).isEmpty();
    }

    @Test
    void shouldCheckOnlyTheLatestVersionUnlessTransitive() {
        final Schema stringTyped = SchemaBuilder.record("Sample").namespace("org.outagewatch.test").fields()
                .requiredString("name").endRecord();
        final Schema dropped = SchemaBuilder.record("Sample").namespace("org.outagewatch.test").fields()
                .name("count").type().intType().intDefault(0).endRecord();
        final Schema readded = SchemaBuilder.record("Sample").namespace("org.outagewatch.test").fields()
                .name("name").type().longType().longDefault(0).name("count").type().intType().intDefault(0).endRecord();
        final List<Schema> history = List.of(stringTyped, dropped);

        assertThat(CompatibilityChecker.problems(CompatibilityLevel.BACKWARD, readded, history)).isEmpty();
        assertThat(CompatibilityChecker.problems(CompatibilityLevel.BACKWARD_TRANSITIVE, readded, history))
                .singleElement().asString().contains("TYPE_MISMATCH");
    }
}
