package org.outagewatch.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.outagewatch.deploy.stack.PortBinding;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch registry serve}: runs the schema registry in the foreground until SIGTERM or Ctrl-C. It
 * keeps its schemas in a compacted Kafka topic ({@code _schemas}), so it needs a broker; by default the local
 * stack's. The local stack runs exactly this command as its registry process.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the Confluent-compatible schema registry in the foreground until SIGTERM or Ctrl-C.",
                "Settings: bootstrap.servers, outagewatch.registry.host/port/topic; any other Kafka client setting"
                        + " (security.protocol, sasl.*, ssl.*);",
                "HTTPS: outagewatch.registry.ssl.keystore.location/password/type; basic auth:"
                        + " outagewatch.registry.basic.auth.user.info=user:password (outagewatch.registry.basic.auth.reads=false"
                        + " asks only writes for it). See docs/OPERATIONS.md, Security settings."})
final class RegistryServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka cluster that stores the schemas (default: the local stack, 127.0.0.1:9092).")
    private String bootstrapServers;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: 8081).")
    private Integer port;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the settings.")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        final Map<String, String> flags = new HashMap<>();
        if (bootstrapServers != null) {
            flags.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (port != null) {
            flags.put(RegistryServerConfig.PORT, port.toString());
        }
        final Map<String, String> defaults = Map.of(Settings.BOOTSTRAP_SERVERS,
                PortBinding.HOST + ":" + StackConfig.DEFAULT_KAFKA_PORT);
        final RegistryServerConfig serverConfig =
                RegistryServerConfig.from(Settings.load(defaults, config, System.getenv(), flags));

        final RegistryServer server;
        try {
            server = RegistryServer.start(serverConfig);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
            return ExitCodes.START_FAILED;
        }
        final CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            closed.countDown();
        }, "outagewatch-registry-shutdown"));
        final PrintWriter out = spec.commandLine().getOut();
        out.println("schema.registry.url=" + server.url());
        out.flush();
        closed.await();
        return ExitCodes.OK;
    }
}
