package org.outagewatch.deploy.cli;

import org.outagewatch.deploy.backtest.BacktestCommand;
import org.outagewatch.deploy.bench.BenchmarkCommand;
import org.outagewatch.deploy.console.ConsoleLogging;
import org.outagewatch.deploy.console.IncidentsCommand;
import org.outagewatch.deploy.console.WatchCommand;
import org.outagewatch.deploy.demo.DemoCommand;
import org.outagewatch.deploy.study.StudyCommand;
import org.outagewatch.detector.app.DetectCommand;
import org.outagewatch.ingest.app.BgpCommand;
import org.outagewatch.ingest.app.IngestCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch}: the one command line of the distribution. It assembles the modules' commands:
 * {@code stack} (the local Kafka broker and schema registry), {@code registry serve}, {@code demo},
 * {@code watch}, {@code incidents}, {@code backtest}, {@code study} and {@code benchmark} from here; {@code ingest} from the ingest module, whose {@code bgp}
 * is also reachable at the top level ({@code outagewatch bgp dump FILE}); {@code detect} from the detector module.
 * Output for the user goes to stdout; logs go to a file under the data directory, with warnings summarised on
 * stderr ({@link ConsoleLogging}); {@code --verbose}, on any command, brings the whole log back to stderr.
 */
@Command(name = "outagewatch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "An open internet observatory that runs in the stream.",
        subcommands = {
                StackCommand.class,
                RegistryCommand.class,
                IngestCommand.class,
                BgpCommand.class,
                DetectCommand.class,
                DemoCommand.class,
                WatchCommand.class,
                IncidentsCommand.class,
                BacktestCommand.class,
                StudyCommand.class,
                BenchmarkCommand.class,
                CommandLine.HelpCommand.class
        })
public final class OutageWatchCli implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Logs on stderr too, in full (they always go to a file under the data directory).")
    private boolean verbose;

    /** The distribution's entry point: the command's logs go to a file ({@link ConsoleLogging}). */
    public static void main(final String[] args) {
        System.exit(commandLine().setExecutionStrategy(ConsoleLogging.executionStrategy()).execute(args));
    }

    /** Runs the CLI and returns its exit code (for tests and for the demo). */
    public static int execute(final String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: error handling and exit codes included. */
    public static CommandLine commandLine() {
        final CliErrors errors = new CliErrors();
        return new CommandLine(new OutageWatchCli())
                .setExecutionExceptionHandler(errors)
                .setExitCodeExceptionMapper(errors)
                .setParameterExceptionHandler(OutageWatchCli::badArguments);
    }

    /** Bad arguments: one line naming the problem and where help is, and exit code 2 (no page of usage). */
    private static int badArguments(final CommandLine.ParameterException e, final String[] args) {
        final CommandLine failed = e.getCommandLine();
        failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see " + failed.getCommandSpec().qualifiedName() + " --help)");
        failed.getErr().flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; see outagewatch --help");
    }
}
