package org.outagewatch.detector.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.outagewatch.detector.metrics.DetectorMetrics;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's HTTP server (the JDK's {@link HttpServer}, as the registry server): the API and the dashboard
 * ({@link ApiRoutes}). It binds before the Kafka Streams client is built, so that {@code application.server} can
 * name the real port (also when the port is 0), and starts serving once the client exists.
 *
 * <pre>
 * ApiServer server = ApiServer.bind(apiSettings);       // then application.server = server.advertised()
 * server.start(streams, metrics);
 * </pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Seconds that close() lets open exchanges finish. */
    public static final int STOP_DELAY_SECONDS = 1;

    private final HttpServer http;
    private final ExecutorService executor;
    private final HostInfo advertised;
    private ApiRoutes routes;

    private ApiServer(final HttpServer http, final ExecutorService executor, final HostInfo advertised) {
        this.http = http;
        this.executor = executor;
        this.advertised = advertised;
    }

    /** Binds the port of these settings (which must be enabled). */
    public static ApiServer bind(final ApiSettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("The API is off (" + ApiSettings.PORT + ")");
        }
        final HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(settings.bindHost(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + settings.bindHost() + ":" + settings.port()
                    + " for the API (" + ApiSettings.PORT + "): " + e.getMessage(), e);
        }
        final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        http.setExecutor(executor);
        return new ApiServer(http, executor, new HostInfo(settings.advertisedHost(), http.getAddress().getPort()));
    }

    /** The host and port other instances reach this one by ({@code application.server}). */
    public HostInfo advertised() {
        return advertised;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Serves the routes over this client's stores. */
    public void start(final KafkaStreams streams, final DetectorMetrics metrics) {
        final Router router = new Router();
        routes = new ApiRoutes(streams, new InstanceRouter(streams, advertised), metrics);
        routes.register(router);
        http.createContext("/", router);
        http.start();
        LOG.info("API and dashboard on http://{}:{}/ (listening on {})", advertised.host(), advertised.port(),
                http.getAddress());
    }

    @Override
    public void close() {
        if (routes != null) {
            routes.close();
        }
        if (routes != null) {
            http.stop(STOP_DELAY_SECONDS);
        } else {
            // never started: start and stop at once to release the port
            http.start();
            http.stop(0);
        }
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, "api-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
