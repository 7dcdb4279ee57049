package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {
    @TempDir
    Path home;

    @Test
    void shouldStartNothingWhenAnyPortOfTheStackIsBusy() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName(PortBinding.HOST))) {
            final LocalStack stack = new LocalStack(StackConfig.defaults(home)
                    .withPorts(Ports.findFree(), Ports.findFree(), holder.getLocalPort()));

            assertThatThrownBy(stack::start)
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("--registry-port");
            assertThat(stack.config().runDir().resolve(KafkaBroker.NAME + ".pid")).doesNotExist();
            assertThat(stack.config().kafkaDir()).doesNotExist();
        }
    }

    @Test
    void shouldReportEveryServiceStoppedInAFreshDataDirectory() {
        final LocalStack stack = new LocalStack(StackConfig.defaults(home));

        final StackStatus status = stack.status();

        assertThat(status.allRunning()).isFalse();
        assertThat(status.services()).extracting(ServiceStatus::name)
                .containsExactly(KafkaBroker.NAME, SchemaRegistryService.NAME);
        assertThat(status.dataDir()).isEqualTo(home.resolve(StackConfig.DEFAULT_DATA_DIR));
        assertThat(status.bootstrapServers()).isEqualTo(stack.bootstrapServers());
    }

    @Test
    void shouldLeaveTheRegistryOutWhenDisabled() {
        final LocalStack stack = new LocalStack(StackConfig.defaults(home).withRegistryEnabled(false));

        assertThat(stack.status().services()).extracting(ServiceStatus::name).containsExactly(KafkaBroker.NAME);
    }

    @Test
    void shouldNameTheMissingBrokerJarsAndHowToBuildThem() {
        final LocalStack stack = new LocalStack(StackConfig.defaults(home)
                .withPorts(Ports.findFree(), Ports.findFree(), Ports.findFree()));

        assertThatThrownBy(stack::start)
                .isInstanceOf(StackSetupException.class)
                .hasMessageContaining(stack.config().brokerLib().toString())
                .hasMessageContaining(StackConfig.BROKER_LIB);
    }
}
