package org.outagewatch.deploy.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this process (all its threads), in nanoseconds: what a pass cost, whatever else the machine runs. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
