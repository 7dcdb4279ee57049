package org.outagewatch.deploy.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the distribution jar's manifest ({@code dev} when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        final String version = OutageWatchCli.class.getPackage().getImplementationVersion();
        return new String[] {"outagewatch " + (version == null ? "dev" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
