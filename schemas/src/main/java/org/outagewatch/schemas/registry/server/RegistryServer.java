package org.outagewatch.schemas.registry.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Confluent-compatible schema registry (Avro only) on the JDK's HTTP server, durable in Kafka.
 *
 * <p>Serves the REST API that Confluent's serdes, the {@code HttpSchemaRegistryClient} and other
 * Confluent-compatible clients call (subjects, versions, ids, config, compatibility; see
 * {@link RegistryHttpHandler}), plus {@code GET /health}, 200 once the store has caught up. Consumes and
 * produces the one-partition compacted command topic ({@code _schemas} by default, created when absent; see
 * {@link CommandLog} and {@link RegistryCommand}), so several instances on the same topic, and an instance
 * restarted on it, agree on every id. Serves HTTPS when the config has a key store, and asks for basic
 * authentication on writes (and, unless told otherwise, reads) when it has credentials.
 *
 * <pre>
 * try (RegistryServer registry = RegistryServer.start(RegistryServerConfig.from(settings))) {
 *     ... registry.url() ...
 * }
 * </pre>
 */
public final class RegistryServer implements AutoCloseable {
    /** How long {@link #start} waits for Kafka: to create or check the topic and to read it to its end. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServer.class);
    private static final int HTTP_THREADS = 8;

    private final RegistryServerConfig config;
    private final HttpServer http;
    private final ExecutorService executor;
    private final CommandLog log;

    private RegistryServer(final RegistryServerConfig config, final HttpServer http, final ExecutorService executor, final CommandLog log) {
        this.config = config;
        this.http = http;
        this.executor = executor;
        this.log = log;
    }

    /**
     * Binds the port, prepares and reads the command topic to its end, and returns once the registry
     * answers from an up-to-date store.
     *
     * @throws IllegalStateException when the port is busy (the message names it) or Kafka cannot be used
     */
    public static RegistryServer start(final RegistryServerConfig config) {
        final HttpServer http = bind(config);
        final ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads("outagewatch-registry-http-"));
        CommandLog log = null;
        try {
            log = new CommandLog(config);
            http.createContext("/", new RegistryHttpHandler(log, config.basicAuthUserInfo(), config.authenticateReads()));
            http.setExecutor(executor);
            http.start();
            log.start(STARTUP_TIMEOUT);
            log.awaitStartupCatchUp(STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            http.stop(0);
            executor.shutdownNow();
            if (log != null) {
                log.close();
            }
            throw e instanceof IllegalStateException ? e
                    : new IllegalStateException("Cannot start the schema registry on Kafka at " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
        final RegistryServer server = new RegistryServer(config, http, executor, log);
        LOG.info("Schema registry ready at {} (log topic {} on {}, {} subjects, applied up to offset {}, basic auth {})",
                server.url(), config.topic(), config.bootstrapServers(), log.state().subjects().size(), log.appliedUpTo(),
                config.basicAuthUserInfo() == null ? "off" : config.authenticateReads() ? "on" : "on for writes");
        return server;
    }

    private static HttpServer bind(final RegistryServerConfig config) {
        try {
            final InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
            if (!config.https()) {
                return HttpServer.create(address, 0);
            }
            // the key store is read before the port is bound: a wrong password fails with one line, no half-started server
            final HttpsConfigurator tls = new HttpsConfigurator(config.tls().sslContext());
            final HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(tls);
            return https;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + " (" + RegistryServerConfig.SSL_KEYSTORE_LOCATION + ")", e);
        } catch (BindException e) {
            throw new IllegalStateException("Cannot start the schema registry: port " + config.port() + " on " + config.host()
                    + " is busy or not available (" + e.getMessage() + "); set " + RegistryServerConfig.PORT + " to another port", e);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the schema registry on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    private static ThreadFactory daemonThreads(final String prefix) {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The port the server listens on (the chosen one when the config asked for port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The base URL for clients on this machine, e.g. {@code http://127.0.0.1:8081} ({@code https://} when it serves HTTPS). */
    public String url() {
        final String host = config.host();
        final boolean wildcard = "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
        final String shown = wildcard ? "127.0.0.1" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (config.https() ? "https://" : "http://") + shown + ":" + port();
    }

    /** The config the server runs with. */
    public RegistryServerConfig config() {
        return config;
    }

    /** Whether the store has caught up with the log and its reader is healthy (what {@code GET /health} says). */
    public boolean ready() {
        return log.caughtUp();
    }

    /** Stops serving, then stops reading the log and closes the Kafka clients. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.close();
        LOG.info("Schema registry at port {} stopped", port());
    }
}
