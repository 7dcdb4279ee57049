package org.outagewatch.deploy.stack;

import java.nio.file.Path;
import java.util.List;

/** The state of every service of the local stack, and where its data lives. */
public record StackStatus(Path dataDir, String bootstrapServers, String registryUrl, List<ServiceStatus> services) {

    public StackStatus {
        services = List.copyOf(services);
    }

    /** True when every service of the stack is running. */
    public boolean allRunning() {
        return services.stream().allMatch(ServiceStatus::running);
    }
}
