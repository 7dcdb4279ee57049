package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker's readiness probe against ports where no broker answers. */
class KafkaReadinessTest {
    private static final int CALL_TIMEOUT_MS = 300;

    @Test
    void shouldSayThePortDoesNotAcceptConnections() {
        try (KafkaReadiness probe = new KafkaReadiness(Ports.findFree(), CALL_TIMEOUT_MS)) {
            assertThat(probe.isReady()).isFalse();
            assertThat(probe.describe()).endsWith("; last attempt: the port does not accept connections");
            assertThat(probe.clientsCreated()).isZero();
        }
    }

    @Test
    void shouldTakeANewClientAfterFailuresInARowAndSayWhatItLastSaw() throws Exception {
        // accepts connections and never answers, as a broker whose socket is bound but whose acceptor has not started
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName(PortBinding.HOST));
             KafkaReadiness probe = new KafkaReadiness(silent.getLocalPort(), CALL_TIMEOUT_MS)) {
            final List<Socket> held = new ArrayList<>();
            final Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();

            for (int i = 0; i < KafkaReadiness.FRESH_CLIENT_AFTER; i++) {
                assertThat(probe.isReady()).isFalse();
            }
            assertThat(probe.clientsCreated()).isEqualTo(1);
            assertThat(probe.describe()).contains("; last attempt: org.apache.kafka.common.errors.TimeoutException");

            assertThat(probe.isReady()).isFalse();
            assertThat(probe.clientsCreated()).as("a new client after %d failures in a row",
                    KafkaReadiness.FRESH_CLIENT_AFTER).isEqualTo(2);
        }
    }
}
