package org.outagewatch.deploy.stack;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker is ready when an AdminClient {@code describeCluster} returns at least one node. Waits for the
 * port to accept connections first, so the client does not log a connection warning on every attempt.
 */
public final class KafkaReadiness implements ReadinessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);
    private static final int CALL_TIMEOUT_MS = 5_000;

    private final int port;
    private Admin admin;

    public KafkaReadiness(final int port) {
        this.port = port;
    }

    @Override
    public boolean isReady() {
        if (!Ports.accepts(port, 500)) {
            return false;
        }
        try {
            final Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(CALL_TIMEOUT_MS))
                    .nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return !nodes.isEmpty();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.debug("Broker on port {} not ready yet: {}", port, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortBinding.HOST + ":" + port,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS,
                    AdminClientConfig.CLIENT_ID_CONFIG, "outagewatch-stack-readiness"));
        }
        return admin;
    }

    @Override
    public String describe() {
        return "an AdminClient describeCluster on " + PortBinding.HOST + ":" + port;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
