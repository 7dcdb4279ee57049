package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void shouldSeeABoundPortAsBusyAndAcceptingConnections() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName(PortBinding.HOST))) {
            assertThat(Ports.isFree(holder.getLocalPort())).isFalse();
            assertThat(Ports.accepts(holder.getLocalPort(), 1_000)).isTrue();
        }
    }

    @Test
    void shouldSeeAReleasedPortAsFree() {
        final int port = Ports.findFree();

        assertThat(Ports.isFree(port)).isTrue();
        assertThat(Ports.accepts(port, 200)).isFalse();
    }

    @Test
    void shouldNameTheBusyPortAndTheSettingToChangeInOneLine() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName(PortBinding.HOST))) {
            final StackConfig config = StackConfig.defaults(java.nio.file.Path.of("/opt/ow"))
                    .withPorts(Ports.findFree(), holder.getLocalPort(), Ports.findFree());

            assertThatThrownBy(() -> Ports.ensureFree(List.of(config.kafkaBinding(), config.controllerBinding())))
                    .isInstanceOfSatisfying(PortInUseException.class,
                            e -> assertThat(e.binding()).isEqualTo(config.controllerBinding()))
                    .hasMessageContaining("Port " + holder.getLocalPort())
                    .hasMessageContaining("--controller-port")
                    .hasMessageContaining(StackConfig.CONTROLLER_PORT)
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void shouldAcceptFreePorts() {
        final StackConfig config = StackConfig.defaults(java.nio.file.Path.of("/opt/ow"))
                .withPorts(Ports.findFree(), Ports.findFree(), Ports.findFree());

        assertThatCode(() -> Ports.ensureFree(List.of(config.kafkaBinding(), config.registryBinding())))
                .doesNotThrowAnyException();
    }
}
