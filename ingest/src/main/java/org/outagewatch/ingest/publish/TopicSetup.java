package org.outagewatch.ingest.publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalog's topics that do not exist yet, with their partitions, cleanup policy, LogAppendTime timestamps
 * and retention ({@link Topic#configs()}). Existing topics are left as they are; writers check them with
 * {@link org.outagewatch.schemas.topic.RetentionCheck}.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 60;
    private static final long RETRY_MILLIS = 200;

    private TopicSetup() {
    }

    /**
     * Waits until the leader of every new partition answers a ListOffsets request (the admin client retries
     * NOT_LEADER_OR_FOLLOWER itself). Producing before that can lose an idempotent producer's first batch to
     * an out-of-order-sequence loop (KAFKA-15591), so this runs before anything is sent.
     */
    private static void awaitLeaders(final Admin admin, final List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (final NewTopic topic : topics) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        // Right after creation the admin client's metadata may not know a topic yet ("metadata for topic could
        // not be found"), and that is not retried by the client: ask again until the deadline.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (final ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("Leaders of new topics not known yet ({}); asking again", e.getCause() == null ? e : e.getCause().getMessage());
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    /**
     * Creates the missing topics of the catalog and waits until their partitions have leaders.
     *
     * @return the names of the topics created
     */
    public static List<String> ensure(final Admin admin, final TopicCatalog catalog, final short replicationFactor)
            throws InterruptedException {
        try {
            final Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<NewTopic> missing = new ArrayList<>();
            final List<String> kept = new ArrayList<>();
            for (final Topic<String, ?> topic : catalog.all()) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(topic.configs()));
                    kept.add(topic.name() + " " + topic.retentionText());
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                awaitLeaders(admin, missing);
                LOG.info("Created topics with LogAppendTime timestamps: {}", kept);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException | TimeoutException e) {
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TopicExistsException) {
                LOG.info("Topics were created concurrently: {}", cause.getMessage());
                return List.of();
            }
            throw new IllegalStateException("Cannot create topics: " + cause.getMessage(), cause);
        }
    }
}
