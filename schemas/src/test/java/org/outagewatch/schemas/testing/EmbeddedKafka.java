package org.outagewatch.schemas.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.outagewatch.schemas.topic.Topic;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside the test JVM, from
 * Kafka's own {@code KafkaClusterTestKit}. Ready in a few seconds; deleted on close.
 *
 * <pre>
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopic("probe-results", 4, false);
 *     ... kafka.bootstrapServers() ...
 * }
 * </pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(final KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a one-node cluster and waits until its broker is ready. */
    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /** As {@link #start()}, with more broker settings (such as {@code log.retention.check.interval.ms}). */
    public static EmbeddedKafka start(final Map<String, String> brokerConfig) throws Exception {
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "1");
        brokerConfig.forEach(builder::setConfigProp);
        return new EmbeddedKafka(started(builder));
    }

    /** Builds, formats and starts the cluster and waits for its brokers; closes it when that fails. */
    static KafkaClusterTestKit started(final KafkaClusterTestKit.Builder builder) throws Exception {
        final KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** An admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates a topic with replication factor 1 and waits for it. */
    public void createTopic(final String name, final int partitions, final boolean compacted) throws Exception {
        try (Admin admin = admin()) {
            final NewTopic topic = new NewTopic(name, partitions, (short) 1);
            if (compacted) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Creates a catalog topic as our code creates it (its partitions and {@link Topic#configs()}) and waits for it. */
    public void createTopic(final Topic<?, ?> topic) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(topic.configs())))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
