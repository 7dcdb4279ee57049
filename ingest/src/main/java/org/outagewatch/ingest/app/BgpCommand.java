package org.outagewatch.ingest.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ingest bgp}: BGP routing data (MRT files) to text or to the routing-updates topic. */
@Command(name = "bgp", mixinStandardHelpOptions = true,
        description = "BGP routing data: print MRT files as bgpdump -m lines, publish them or RIS Live messages as RouteUpdates.",
        subcommands = {BgpDumpCommand.class, BgpPublishCommand.class, RisLiveCommand.class})
public final class BgpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliErrors.USAGE;
    }
}
