package org.outagewatch.deploy.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.outagewatch.deploy.stack.LocalStack;
import org.outagewatch.deploy.stack.PortBinding;
import org.outagewatch.deploy.stack.ServiceStatus;
import org.outagewatch.deploy.stack.StackStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outagewatch stack status}: running or stopped, pid, ports, logs, data directory. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the broker and the registry run, their pids, ports and logs.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every service runs", "3:a service is not running"})
final class StackStatusCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOptions options;

    @Override
    public Integer call() {
        final StackStatus status = new LocalStack(options.toConfig(Map.of())).status();
        final PrintWriter out = spec.commandLine().getOut();
        for (final ServiceStatus service : status.services()) {
            out.println(describe(service));
        }
        out.println(String.format(Locale.ROOT, "%-9s %s", "data", status.dataDir()));
        out.flush();
        return status.allRunning() ? ExitCodes.OK : ExitCodes.NOT_RUNNING;
    }

    private static String describe(final ServiceStatus service) {
        final String state = service.running()
                ? "running  pid " + service.pid().orElse(-1)
                : "stopped" + (service.stalePidFile() == null ? "" : " (stale PID file removed: " + service.stalePidFile() + ")");
        final String ports = service.ports().stream().map(PortBinding::toString).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%-9s %-20s ports %s  log %s", service.name(), state, ports, service.logFile());
    }
}
