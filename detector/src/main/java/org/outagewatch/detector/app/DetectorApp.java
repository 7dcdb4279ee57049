package org.outagewatch.detector.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.outagewatch.detector.api.ApiServer;
import org.outagewatch.detector.api.ApiSettings;
import org.outagewatch.detector.metrics.DetectorMetrics;
import org.outagewatch.detector.common.DeadLetterHandler;
import org.outagewatch.detector.common.EventTimeExtractor;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.RetentionCheck;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.outagewatch.schemas.topic.TopicLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector as a running Kafka Streams application: settings to topology to {@link KafkaStreams}, exactly-once.
 *
 * <pre>
 * reads    probe-results    (entity, ProbeResult)      traffic-samples (entity, TrafficSample)
 *          signal-points    (entity|signal, SignalPoint)    outage-alerts (entity|signal, OutageAlert)
 *          asn-metadata     (ASN entity, AsnInfo), as a global table
 * writes   signal-points    (entity|signal, SignalPoint)
 *          outage-alerts    (entity|signal, OutageAlert)
 *          incidents        (incident id, Incident)
 *          ingest-dead-letters (origin, DeadLetter)     for records that cannot be read
 * </pre>
 * Settings: the Kafka client keys ({@code bootstrap.servers}, {@code schema.registry.url}, security...),
 * {@code application.id} (default {@value #DEFAULT_APPLICATION_ID}), {@code outagewatch.data.dir} (state lives in
 * {@code <data.dir>/detector}), {@code outagewatch.topic.partitions}, the namespace and retention of
 * {@link TopicLayout} ({@code outagewatch.topic-prefix} also prefixes the application id),
 * {@link DetectorSettings}' keys, {@link Standbys#REPLICAS} (standby replicas, default 1), and {@link ApiSettings}' keys (the HTTP API and dashboard, started with the
 * streams when {@code outagewatch.api.port} is set; {@code application.server} is then set to it). Event time is read from the payload ({@link EventTimeExtractor}).
 *
 * <pre>
 * try (DetectorApp app = new DetectorApp(settings)) {
 *     app.start();
 *     app.awaitRunning(Duration.ofSeconds(30));
 *     ...
 * }
 * </pre>
 */
public final class DetectorApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorApp.class);
    public static final String DEFAULT_APPLICATION_ID = "outagewatch-detector";
    public static final String DATA_DIR = Settings.OURS + "data.dir";
    /** The default data directory, shared with the local stack ({@link DataDirectory}); state in {@code <it>/detector}. */
    public static final String DEFAULT_DATA_DIR = DataDirectory.DEFAULT;
    public static final String PARTITIONS = Settings.OURS + "topic.partitions";
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long the start-up retention check waits for the cluster's answer. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    /** Default of {@code max.task.idle.ms}: how long a task waits for a lagging input partition. */
    public static final long DEFAULT_MAX_TASK_IDLE_MS = 2_000L;
    /** Default of the producers' {@code max.block.ms}: how long a send waits for an absent broker (Kafka's is 60 s). */
    public static final long DEFAULT_PRODUCER_MAX_BLOCK_MS = 180_000L;
    /** Default of {@code commit.interval.ms}: Kafka's exactly-once default, for alert latency (see streamsProperties). */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 100L;

    private final Settings settings;
    private final TopicCatalog topics;
    /** The application id as the streams properties have it (prefixed by the namespace, if any). */
    private final String applicationId;
    private final Topology topology;
    private final KafkaStreams streams;
    /** The HTTP API and dashboard, or null when {@value ApiSettings#PORT} is off. */
    private final ApiServer api;
    private final DetectorMetrics prometheus;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final RestoreLog restoreLog = new RestoreLog();
    /** Records waiting on each local task's input, measured by the watch, for the writers' idle rule. */
    private final TaskBacklog backlog = new TaskBacklog();
    private StuckPartitionWatch watch;

    public DetectorApp(final Settings settings) {
        this.settings = settings;
        this.topics = catalog(settings);
        final TaskCounts tasks = TaskCounts.read(settings, topics);
        final DetectorSettings detectorSettings = DetectorSettings.from(settings);
        this.topology = DetectorTopology.build(detectorSettings.withProgress(detectorSettings.progress()
                .withTasks(tasks.probes(), tasks.traffic(), tasks.stage2()).withBacklog(backlog)), topics);
        final ApiSettings apiSettings = ApiSettings.from(settings);
        this.api = apiSettings.enabled() ? ApiServer.bind(apiSettings) : null;
        final Properties props = streamsProperties(settings, topics);
        this.applicationId = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        DataDirectory.warnAboutTheOldDefault(settings);
        if (api != null) {
            // interactive queries: every instance tells the others where its API answers
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, api.advertised().host() + ":" + api.advertised().port());
        }
        try {
            this.streams = new KafkaStreams(topology, props);
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            throw e;
        }
        this.prometheus = new DetectorMetrics(streams, topology);
        streams.setStateListener((now, before) -> {
            LOG.info("Detector state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                restoreLog.logSinceLastRebalance();
                running.countDown();
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        // what restoring cost after each start or rebalance, and whether warm standbys took over
        streams.setGlobalStateRestoreListener(restoreLog);
        streams.setStandbyUpdateListener(restoreLog);
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.error("Detector stream thread failed; shutting the client down", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /**
     * The catalog for these settings (registry settings, {@value #PARTITIONS}, the namespace and retention of
     * {@link TopicLayout}).
     */
    public static TopicCatalog catalog(final Settings settings) {
        return TopicCatalog.create(settings.serdeConfig(), layout(settings));
    }

    private static TopicLayout layout(final Settings settings) {
        return TopicLayout.from(settings, settings.getInt(PARTITIONS, TopicCatalog.DEFAULT_PARTITIONS));
    }

    /** The topics the detector writes, which {@link #checkRetention} checks at start. */
    public static List<Topic<String, ?>> writtenTopics(final TopicCatalog topics) {
        return List.of(topics.signalPoints(), topics.outageAlerts(), topics.incidents(), topics.deadLetters());
    }

    /**
     * The start-up check of the topics the detector writes ({@link RetentionCheck}): the one-line refusal when one
     * of them would delete what the detector writes (CreateTime with a finite retention), else empty. Missing
     * topics are not checked.
     *
     * @throws IllegalStateException when the cluster cannot be asked
     */
    public static Optional<String> checkRetention(final Settings settings, final TopicCatalog topics)
            throws InterruptedException {
        try (Admin admin = Admin.create(adminConfig(settings))) {
            return RetentionCheck.check(admin, writtenTopics(topics).stream().map(Topic::name).toList(), CHECK_TIMEOUT);
        }
    }

    /** The admin client's share of the settings' Kafka keys (a new, mutable map). */
    static Map<String, Object> adminConfig(final Settings settings) {
        final Map<String, Object> config = new HashMap<>();
        settings.kafkaConfig().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        return config;
    }

    /** The topics the detector reads and writes, with their partitions and compaction, for whoever creates them. */
    public static List<Topic<String, ?>> requiredTopics(final TopicCatalog topics) {
        return List.of(topics.probeResults(), topics.trafficSamples(), topics.signalPoints(), topics.outageAlerts(),
                topics.deadLetters(), topics.asnMetadata(), topics.incidents(), topics.routingUpdates(),
                topics.atlasConnections());
    }

    /** The Streams configuration for these settings; a new object each call. */
    public static Properties streamsProperties(final Settings settings, final TopicCatalog topics) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.STATE_DIR_CONFIG, DataDirectory.state(settings).toString());
        // A task with several input partitions waits this long for data on each before it picks the next record by
        // timestamp. Every sub-topology now reads one topic (probes and traffic are folded apart, DetectorTopology),
        // so no task has two partitions to merge; the 2 s wait stays for any task that does.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, DEFAULT_MAX_TASK_IDLE_MS);
        // Exactly-once: a point reaches stage 2, and an alert its readers, only when the transaction that wrote it
        // commits, so every hop waits for a commit. Every 100 ms (Kafka's exactly-once default) an alert arrives
        // p95 0.8 s after the record that closes its window at twice the demo's pace; every 1 s, p95 3 s, for about
        // 20% more throughput (BENCHMARKS.md). A backfill may set commit.interval.ms=1000.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
        // RocksDB memory (the routing table's store) is bounded by one shared budget: BoundedRocksDbMemory
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        final String rocksDbMemory = settings.get(BoundedRocksDbMemory.MEMORY_CONFIG);
        if (rocksDbMemory != null) {
            props.put(BoundedRocksDbMemory.MEMORY_CONFIG, rocksDbMemory);
        }
        // a send that finds no broker waits for it up to max.block.ms and then fails the thread (and, with
        // SHUTDOWN_CLIENT, the detector): Kafka's 60 s is shorter than a broker restart under load (a 30 s outage
        // and a slow start measured 60 s from the client's side); 3 min stays under max.poll.interval.ms (5 min)
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), DEFAULT_PRODUCER_MAX_BLOCK_MS);
        props.putAll(settings.kafkaConfig());
        // in a namespace the application id is namespaced too: its group, changelogs and repartition topics
        props.put(StreamsConfig.APPLICATION_ID_CONFIG,
                layout(settings).applicationId(props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
        // event time comes from the payload: our topics stamp ingestion time (LogAppendTime) so that the broker's
        // retention never deletes replayed history on arrival (docs/DETECTOR.md, "History survives the broker")
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class.getName());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        // the global asn-metadata table handles a processing error like every other task (the default handler:
        // log and fail); unset, Streams warns at every start, and 5.0 makes it the default
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(DeadLetterHandler.TOPIC_CONFIG, topics.deadLetters().name());
        // a restarted instance takes its tasks back at once, not after the dead member's session timeout
        StaticMembership.apply(settings, props);
        // warm copies of each task's state on another instance (Standbys.DEFAULT_REPLICAS)
        Standbys.apply(settings, props);
        return props;
    }

    /** Deletes this instance's local state (only behind an explicit reset, before {@link #start()}). */
    public void cleanUp() {
        streams.cleanUp();
    }

    public void start() {
        LOG.info("Starting detector {} on {}", applicationId, settings.get(Settings.BOOTSTRAP_SERVERS));
        checkStateOwner(applicationId);
        streams.start();
        // a WARN line with the reason when an input partition stops progressing with records to read, and the
        // records waiting on each task's input for the writers' idle rule
        watch = new StuckPartitionWatch(Admin.create(adminConfig(settings)), applicationId,
                List.of(topics.probeResults().name(), topics.trafficSamples().name(), topics.routingUpdates().name(),
                        topics.atlasConnections().name()),
                Settings.parseDuration(settings.get(StuckPartitionWatch.STUCK_AFTER,
                        StuckPartitionWatch.DEFAULT_STUCK_AFTER.toSeconds() + "s")), streams::state,
                () -> streams.metadataForLocalThreads().stream().flatMap(thread -> thread.activeTasks().stream()).toList(),
                backlog);
        watch.start();
        if (api != null) {
            api.start(streams, prometheus);
        }
    }

    /**
     * Local state written against another cluster or topic set ({@link StateOwner}) is wiped, with a WARN, and rebuilt
     * from the changelogs; then this cluster and namespace are recorded. When the cluster cannot be asked for its id,
     * the state is kept and nothing recorded.
     */
    private void checkStateOwner(final String applicationId) {
        final Path stateDir = Path.of(streamsProperties(settings, topics).getProperty(StreamsConfig.STATE_DIR_CONFIG));
        final String clusterId;
        try (Admin admin = Admin.create(adminConfig(settings))) {
            clusterId = admin.describeCluster().clusterId().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Cannot ask the cluster for its id ({}); the local state in {} is used unchecked", e.getMessage(), stateDir);
            return;
        }
        final StateOwner owner = new StateOwner(clusterId, applicationId, settings.get(TopicLayout.NAMESPACE, ""));
        final Optional<String> mismatch = StateOwner.read(stateDir, applicationId).flatMap(owner::mismatch);
        if (mismatch.isPresent()) {
            LOG.warn("Local state in {} is not this cluster's: {}. Wiping it and rebuilding from the changelogs",
                    stateDir.resolve(applicationId), mismatch.get());
            streams.cleanUp();
        }
        owner.write(stateDir);
    }

    /** The port the HTTP API and dashboard listen on, when {@value ApiSettings#PORT} is set. */
    public Optional<Integer> apiPort() {
        return api == null ? Optional.empty() : Optional.of(api.port());
    }

    /** Waits until the application has been RUNNING once; false on timeout. */
    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the application has stopped (closed, or failed). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The underlying client, for metrics and interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    public Topology topology() {
        return topology;
    }

    public TopicCatalog topics() {
        return topics;
    }

    /** Metrics by name (for tests and health checks). */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
        return streams.metrics();
    }

    /** The Prometheus view of the metrics, for {@code /metrics}. */
    public DetectorMetrics prometheus() {
        return prometheus;
    }

    public boolean close(final Duration timeout) {
        if (watch != null) {
            watch.close();
        }
        if (api != null) {
            api.close();
        }
        final boolean closed = streams.close(timeout);
        prometheus.close();
        return closed;
    }

    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }
}
