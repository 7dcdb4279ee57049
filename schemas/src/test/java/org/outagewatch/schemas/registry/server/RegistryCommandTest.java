package org.outagewatch.schemas.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.registry.CompatibilityLevel;
import org.outagewatch.schemas.registry.TestSchemas;

class RegistryCommandTest {

    @Test
    void shouldReadBackWhatItWrites() {
        final RegistryCommand register = RegistryCommand.Register.of("probe-results-value", TestSchemas.v1().toString());
        final RegistryCommand subjectLevel = RegistryCommand.SetCompatibility.of("probe-results-value", CompatibilityLevel.FULL);
        final RegistryCommand globalLevel = RegistryCommand.SetCompatibility.of(null, CompatibilityLevel.NONE);

        assertThat(RegistryCommand.parse(register.toJson())).isEqualTo(register);
        assertThat(RegistryCommand.parse(subjectLevel.toJson())).isEqualTo(subjectLevel);
        assertThat(RegistryCommand.parse(globalLevel.toJson())).isEqualTo(globalLevel);
    }

    @Test
    void shouldGiveEveryCommandItsOwnKeySoCompactionKeepsThemAll() {
        final String schema = TestSchemas.v1().toString();
        final RegistryCommand first = RegistryCommand.Register.of("s", schema);
        final RegistryCommand second = RegistryCommand.Register.of("s", schema);

        assertThat(first.key()).isNotEqualTo(second.key())
                .startsWith("schema/s/" + RegistryCommand.sha256(schema) + "/")
                .endsWith(first.commandId());
        assertThat(RegistryCommand.SetCompatibility.of("s", CompatibilityLevel.NONE).key())
                .isNotEqualTo(RegistryCommand.SetCompatibility.of("s", CompatibilityLevel.NONE).key())
                .startsWith("config/s/");
    }

    @Test
    void shouldRefuseRecordsThatAreNotCommands() {
        assertThatThrownBy(() -> RegistryCommand.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> RegistryCommand.parse("{\"keytype\":\"SCHEMA\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryCommand.parse("not json")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> RegistryCommand.parse("{\"format\":1,\"command\":\"CONFIG\",\"commandId\":\"x\",\"compatibility\":\"SIDEWAYS\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIDEWAYS");
    }
}
