package org.outagewatch.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outagewatch stack}: the local Kafka broker and schema registry, without Docker. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Start, stop and inspect the local stack: a Kafka broker (KRaft) and the schema registry.",
        subcommands = {StackStartCommand.class, StackStopCommand.class, StackStatusCommand.class})
final class StackCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: start, stop or status");
    }
}
