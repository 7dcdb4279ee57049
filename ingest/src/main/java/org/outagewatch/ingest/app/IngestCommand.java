package org.outagewatch.ingest.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ingest <source>}: turns a source into Avro events on Kafka. Meant to be a subcommand of the
 * {@code outagewatch} root command; it never exits the JVM itself. Without a source it prints its usage and
 * returns {@link CliErrors#USAGE}.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Publish measurements from a source to Kafka.",
        subcommands = {SyntheticCommand.class,
                BgpCommand.class,
                AtlasCommand.class,
                AsnCommand.class,
                OoniCommand.class,
                TrafficCommand.class,
                FlowsCommand.class,
                FlowsKafkaCommand.class,
                SeriesCommand.class,
                ReplayCommand.class})
public final class IngestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** A command line for {@code ingest} with one-line error reporting ({@link CliErrors}). */
    public static CommandLine newCommandLine() {
        return CliErrors.install(new CommandLine(new IngestCommand()));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }
}
