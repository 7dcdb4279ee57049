package org.outagewatch.deploy.stack;

import java.time.Duration;
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
 * port to accept connections first, so the client does not log a connection warning on every attempt. After
 * {@value #FRESH_CLIENT_AFTER} calls in a row fail while the port accepts, the next call uses a new client, so that
 * a client wedged by something that happened while the broker was starting cannot make a ready broker look dead. The
 * last failure is part of {@link #describe()}, so a start that times out says what the probe last saw.
 */
public final class KafkaReadiness implements ReadinessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);
    static final int FRESH_CLIENT_AFTER = 4;
    private static final int DEFAULT_CALL_TIMEOUT_MS = 5_000;
    /** The call's own timeout comes first, with its message; this wait is only a guard against a wedged client. */
    private static final int ANSWER_SLACK_MS = 1_000;

    private final int port;
    private final int callTimeoutMs;
    private Admin admin;
    private int clientsCreated;
    private int failuresInARow;
    private String lastFailure;

    public KafkaReadiness(final int port) {
        this(port, DEFAULT_CALL_TIMEOUT_MS);
    }

    KafkaReadiness(final int port, final int callTimeoutMs) {
        this.port = port;
        this.callTimeoutMs = callTimeoutMs;
    }

    @Override
    public boolean isReady() {
        if (!Ports.accepts(port, 500)) {
            lastFailure = "the port does not accept connections";
            return false;
        }
        try {
            final Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs(callTimeoutMs))
                    .nodes().get(callTimeoutMs + ANSWER_SLACK_MS, TimeUnit.MILLISECONDS);
            if (!nodes.isEmpty()) {
                return true;
            }
            failed("no broker in the cluster's answer");
        } catch (ExecutionException e) {
            failed(e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (TimeoutException e) {
            failed("the client did not answer within " + (callTimeoutMs + ANSWER_SLACK_MS) + " ms");
        } catch (KafkaException e) {
            failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void failed(final String failure) {
        lastFailure = failure;
        LOG.debug("Broker on port {} not ready yet: {}", port, failure);
        if (++failuresInARow >= FRESH_CLIENT_AFTER) {
            LOG.debug("{} readiness calls in a row failed on port {}; the next one uses a new client", failuresInARow, port);
            close();
        }
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortBinding.HOST + ":" + port,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, callTimeoutMs,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, callTimeoutMs,
                    AdminClientConfig.CLIENT_ID_CONFIG, "outagewatch-stack-readiness"));
            clientsCreated++;
            failuresInARow = 0;
        }
        return admin;
    }

    /** How many clients the probe has made (a new one after {@value #FRESH_CLIENT_AFTER} failures in a row). */
    int clientsCreated() {
        return clientsCreated;
    }

    @Override
    public String describe() {
        return "an AdminClient describeCluster on " + PortBinding.HOST + ":" + port
                + (lastFailure == null ? "" : "; last attempt: " + lastFailure);
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
