package org.outagewatch.deploy.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.deploy.stack.LocalStack;
import org.outagewatch.deploy.stack.StopOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outagewatch stack stop}: stops the registry, then the broker; the data stays. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the schema registry and the Kafka broker (SIGTERM, then kill after a timeout). Data is kept.")
final class StackStopCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOptions options;

    @Override
    public Integer call() {
        final LocalStack stack = new LocalStack(options.toConfig(Map.of()));
        final PrintWriter out = spec.commandLine().getOut();
        for (final StopOutcome outcome : stack.stop()) {
            out.println(describe(outcome));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(final StopOutcome outcome) {
        if (!outcome.wasRunning()) {
            return String.format(Locale.ROOT, "%-9s was not running", outcome.name());
        }
        return String.format(Locale.ROOT, "%-9s stopped (pid %d) in %.1f s%s", outcome.name(),
                outcome.pid().orElse(-1), outcome.took().toMillis() / 1000.0,
                outcome.killed() ? ", killed after ignoring SIGTERM" : "");
    }
}
