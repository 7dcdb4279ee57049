package org.outagewatch.deploy.reliability;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a consumer group has committed on some topics, from the outside (an admin client), as an operator sees it. */
final class GroupProgress {
    private final Admin admin;
    private final String group;
    private final List<TopicPartition> partitions;
    private final long total;

    GroupProgress(final Admin admin, final String group, final List<String> topics) throws Exception {
        this.admin = admin;
        this.group = group;
        final Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        this.partitions = described.values().stream().flatMap(d -> d.partitions().stream()
                .map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        this.total = endOffsets(admin, partitions);
    }

    /** The records on the topics (their end offsets, the backlog is complete). */
    long total() {
        return total;
    }

    /** The group's committed offsets on the topics, summed; 0 before the first commit. */
    long committed() throws InterruptedException {
        return committed(partitions);
    }

    /** The group's committed offsets on some of the partitions, summed; 0 before the first commit. */
    long committed(final Collection<TopicPartition> some) throws InterruptedException {
        try {
            final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return some.stream().map(offsets::get).filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    /** The records on the application's changelog topics (what an empty state directory restores, at most). */
    static long changelogRecords(final Admin admin, final String applicationId) throws Exception {
        final List<String> changelogs = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(applicationId) && name.endsWith("-changelog")).toList();
        final List<TopicPartition> changelogPartitions = admin.describeTopics(changelogs).allTopicNames().get().values()
                .stream().flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        return endOffsets(admin, changelogPartitions);
    }

    /** The sum of the end offsets of these partitions. */
    static long endOffsets(final Admin admin, final List<TopicPartition> partitions) throws Exception {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        final Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        return ends.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }
}
