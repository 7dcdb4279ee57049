package org.outagewatch.deploy.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The state of one service as its PID file and the OS see it.
 *
 * @param stalePidFile the reason a stale PID file was found (and removed) while looking, or null
 */
public record ServiceStatus(String name, boolean running, OptionalLong pid, List<PortBinding> ports, Path logFile,
                            String stalePidFile) {

    public ServiceStatus {
        ports = List.copyOf(ports);
    }

    static ServiceStatus running(final ServiceSpec spec, final long pid) {
        return new ServiceStatus(spec.name(), true, OptionalLong.of(pid), spec.ports(), spec.logFile(), null);
    }

    static ServiceStatus stopped(final ServiceSpec spec, final String stalePidFile) {
        return new ServiceStatus(spec.name(), false, OptionalLong.empty(), spec.ports(), spec.logFile(), stalePidFile);
    }
}
