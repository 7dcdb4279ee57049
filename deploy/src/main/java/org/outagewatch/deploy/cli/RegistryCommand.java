package org.outagewatch.deploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code outagewatch registry}: the Confluent-compatible schema registry. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "The Confluent-compatible schema registry.",
        subcommands = {RegistryServeCommand.class})
final class RegistryCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: serve");
    }
}
