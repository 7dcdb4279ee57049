package org.outagewatch.deploy.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The local stack without Docker: a real single-node Kafka broker in KRaft mode and the schema registry, each
 * a separate process with its data, logs and PID file under the data directory. Processes outlive the JVM
 * that started them; {@link #stop()} (or {@code outagewatch stack stop}) ends them. Every method is idempotent
 * and can be called from any process that uses the same data directory.
 *
 * <pre>{@code
 * LocalStack stack = new LocalStack(StackConfig.defaults(ProjectHome.locate()));
 * stack.ensureRunning();
 * props.put("bootstrap.servers", stack.bootstrapServers());
 * props.put("schema.registry.url", stack.registryUrl());
 * }</pre>
 */
public final class LocalStack {
    private final StackConfig config;
    private final ServiceSupervisor supervisor = new ServiceSupervisor();

    public LocalStack(final StackConfig config) {
        this.config = config;
    }

    /**
     * Starts whatever is not running (the broker first, then the registry) and waits until each is ready.
     * Services already running are left alone and reported with {@link StartOutcome#alreadyRunning()}.
     *
     * @throws PortInUseException    a port is taken by another process
     * @throws ServiceStartException a service exited or did not become ready in time
     * @throws StackSetupException   jars missing, storage formatting failed, data directory not writable
     */
    public List<StartOutcome> start() {
        final List<ServiceSpec> specs = specs();
        // every port of every service about to start is checked first, so a busy port starts nothing
        final List<PortBinding> needed = new ArrayList<>();
        for (final ServiceSpec spec : specs) {
            if (!supervisor.status(spec).running()) {
                needed.addAll(spec.ports());
            }
        }
        Ports.ensureFree(needed);
        final List<StartOutcome> outcomes = new ArrayList<>();
        for (final ServiceSpec spec : specs) {
            outcomes.add(supervisor.start(spec));
        }
        return outcomes;
    }

    /** Same as {@link #start()}: makes sure the stack runs, and returns its status. */
    public StackStatus ensureRunning() {
        start();
        return status();
    }

    /** Stops every service in reverse start order (SIGTERM, wait, then kill). The data is kept. */
    public List<StopOutcome> stop() {
        final List<ServiceSpec> specs = allSpecs();
        final List<StopOutcome> outcomes = new ArrayList<>();
        for (int i = specs.size() - 1; i >= 0; i--) {
            outcomes.add(supervisor.stop(specs.get(i)));
        }
        return outcomes;
    }

    public StackStatus status() {
        final List<ServiceStatus> services = new ArrayList<>();
        for (final ServiceSpec spec : specs()) {
            services.add(supervisor.status(spec));
        }
        return new StackStatus(config.dataDir(), bootstrapServers(), registryUrl(), services);
    }

    /** {@code 127.0.0.1:<kafka port>}. */
    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    /** {@code http://127.0.0.1:<registry port>}. */
    public String registryUrl() {
        return config.registryUrl();
    }

    public StackConfig config() {
        return config;
    }

    /** The services this stack runs, in start order. */
    private List<ServiceSpec> specs() {
        return config.registryEnabled() ? allSpecs() : List.of(new KafkaBroker(config).spec());
    }

    /** Every service that may run here; stop also stops a registry that is now disabled. */
    private List<ServiceSpec> allSpecs() {
        return List.of(new KafkaBroker(config).spec(), new SchemaRegistryService(config).spec());
    }
}
