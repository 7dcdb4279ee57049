package org.outagewatch.deploy.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.deploy.stack.LocalStack;
import org.outagewatch.deploy.stack.ServiceStatus;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.deploy.stack.StartOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outagewatch stack start}: starts what is not running and waits until it is ready. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the Kafka broker and the schema registry as background processes; wait until ready.",
                "Running services are left alone. The data is kept between starts (stack stop keeps it too)."})
final class StackStartCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOptions options;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long each service may take to become ready (default: 90).")
    private Integer timeoutSeconds;

    @Override
    public Integer call() {
        final Map<String, String> flags = new HashMap<>();
        if (timeoutSeconds != null) {
            flags.put(StackConfig.START_TIMEOUT_SECONDS, timeoutSeconds.toString());
        }
        final LocalStack stack = new LocalStack(options.toConfig(flags));
        final PrintWriter out = spec.commandLine().getOut();
        for (final StartOutcome outcome : stack.start()) {
            out.println(describe(outcome));
        }
        out.println("bootstrap.servers=" + stack.bootstrapServers());
        if (stack.config().registryEnabled()) {
            out.println("schema.registry.url=" + stack.registryUrl());
        }
        out.println("data: " + stack.config().dataDir());
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(final StartOutcome outcome) {
        final ServiceStatus status = outcome.status();
        final String what = outcome.alreadyRunning()
                ? "already running"
                : String.format(Locale.ROOT, "started in %.1f s", outcome.took().toMillis() / 1000.0);
        return String.format(Locale.ROOT, "%-9s %s (pid %d, port %s)", status.name(), what,
                status.pid().orElse(-1), status.ports().get(0).port());
    }
}
