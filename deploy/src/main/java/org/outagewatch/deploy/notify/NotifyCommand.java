package org.outagewatch.deploy.notify;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.outagewatch.deploy.console.FeedFilter;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.ingest.app.KafkaOptions;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch notify}: POSTs every incident OPEN, UPDATE and RESOLVED to a webhook, as JSON or as a
 * Slack-compatible message, signed with HMAC-SHA256 when a secret is set; retried with back-off until the receiver
 * answers 2xx (or refuses the body itself three times: 400, 413, 415, 422), never sent twice after a restart
 * ({@link IncidentNotifier}). Runs until Ctrl-C.
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"POST each incident OPEN/UPDATE/RESOLVED to a webhook (JSON or Slack), retried until it answers 2xx;"
                + " an event whose body the receiver refuses (400, 413, 415, 422) three times in a row is given up on,"
                + " with an ERROR naming its record.",
                "The webhook, secret and format are also settings: " + NotifyCommand.WEBHOOK + ", " + NotifyCommand.SECRET
                        + " (env OUTAGEWATCH_NOTIFY_SECRET), " + NotifyCommand.FORMAT + "."})
public final class NotifyCommand implements Callable<Integer> {
    public static final String WEBHOOK = Settings.OURS + "notify.webhook";
    public static final String SECRET = Settings.OURS + "notify.secret";
    public static final String FORMAT = Settings.OURS + "notify.format";
    public static final String GROUP = Settings.OURS + "notify.group";
    public static final String DEFAULT_GROUP = "outagewatch-notify";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--webhook", paramLabel = "URL", description = "The http(s) URL to POST to.")
    private String webhook;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "A file holding the shared secret: each request then carries X-Outagewatch-Signature: sha256=HMAC of the body.")
    private Path secretFile;

    @Option(names = "--format", paramLabel = "FORMAT", description = "json (the incident's fields, as watch --json) or slack ({\"text\": ...}).")
    private String format;

    @Option(names = "--group", paramLabel = "ID",
            description = "The consumer group that remembers what was delivered (default " + DEFAULT_GROUP + "): one per receiver.")
    private String group;

    @Option(names = "--from-beginning",
            description = "A new group starts with the oldest incident event kept instead of the next one.")
    private boolean fromBeginning;

    @Option(names = "--kind", paramLabel = "KIND", split = ",", description = "Only incidents of these kinds: ${COMPLETION-CANDIDATES}.")
    private List<IncidentKind> kinds = List.of();

    @Option(names = "--country", paramLabel = "CC", description = "Only incidents with this country in scope.")
    private String country;

    @Option(names = "--min-severity", paramLabel = "0-100", description = "Only incidents at least this severe.")
    private String minSeverity;

    @Option(names = "--max-backoff", paramLabel = "SECONDS", defaultValue = "60",
            description = "The longest wait between two attempts (default ${DEFAULT-VALUE}; the first wait is 1 s, then doubling).")
    private int maxBackoffSeconds;

    @Override
    public Integer call() throws Exception {
        final Settings settings = kafka.settings(Map.of(NotifyCommand.FORMAT, "json", GROUP, DEFAULT_GROUP),
                flags());
        final URI url = webhookUrl(settings.get(WEBHOOK));
        final WebhookFormat payload = format(settings.get(FORMAT));
        final String secret = settings.get(SECRET);
        final WebhookSignature signature = secret == null || secret.isEmpty() ? null : new WebhookSignature(secret);
        final FeedFilter filter = new FeedFilter(null, country == null ? null : country.toUpperCase(Locale.ROOT),
                new LinkedHashSet<>(kinds), minSeverity == null ? 0 : FeedFilter.parseSeverity(minSeverity), Map.of());
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("notify: incidents on %s -> %s (%s%s, group %s)%n", settings.get(Settings.BOOTSTRAP_SERVERS), url,
                payload.name().toLowerCase(Locale.ROOT), signature == null ? ", unsigned" : ", signed", settings.get(GROUP));
        out.flush();
        final CountDownLatch finished = new CountDownLatch(1);
        try (IncidentNotifier notifier = new IncidentNotifier(settings.kafkaConfig(), settings.get(GROUP), fromBeginning,
                catalog.incidents(), new WebhookClient(url, signature), payload,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(Math.max(1, maxBackoffSeconds))), filter::test, line -> {
                    out.println(line);
                    out.flush();
                })) {
            final Thread hook = new Thread(() -> {
                notifier.stop();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "notify-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                notifier.run();
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook is running and waits for us
                }
            }
            final IncidentNotifier.Counts counts = notifier.counts();
            out.printf("notify: %d delivered, %d failed attempts, %d passed over, %d given up (refused by the receiver)%n",
                    counts.delivered(), counts.failedAttempts(), counts.passedOver(), counts.givenUp());
        }
        return 0;
    }

    private Map<String, String> flags() throws IOException {
        final Map<String, String> flags = new java.util.HashMap<>();
        if (webhook != null) {
            flags.put(WEBHOOK, webhook);
        }
        if (format != null) {
            flags.put(FORMAT, format);
        }
        if (group != null) {
            flags.put(GROUP, group);
        }
        if (secretFile != null) {
            if (!Files.isRegularFile(secretFile)) {
                throw new IllegalArgumentException("--secret-file " + secretFile + " does not exist or is not a file");
            }
            flags.put(SECRET, Files.readString(secretFile, StandardCharsets.UTF_8).strip());
        }
        return flags;
    }

    static URI webhookUrl(final String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("No webhook: give --webhook URL (or the setting " + WEBHOOK + ")");
        }
        try {
            final URI url = new URI(text.strip());
            if (url.getScheme() == null || !List.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
                    || url.getHost() == null) {
                throw new IllegalArgumentException("--webhook must be an http or https URL, not '" + text + "'");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--webhook must be an http or https URL, not '" + text + "'", e);
        }
    }

    static WebhookFormat format(final String text) {
        try {
            return WebhookFormat.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be json or slack, not '" + text + "'", e);
        }
    }
}
