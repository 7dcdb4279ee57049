package org.outagewatch.ingest.app;

import picocli.CommandLine.Option;

/** The publishing flags of every ingest command that reads a source: {@code --dry-run}, {@code --create-topics}, {@code --progress}. */
public final class PublishOptions {
    @Option(names = "--dry-run", description = "Parse and serialize (in-process registry) without Kafka; print the counts.")
    private boolean dryRun;

    @Option(names = "--create-topics", description = "Create the catalog's missing topics first.")
    private boolean createTopics;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    private boolean progress;

    public boolean dryRun() {
        return dryRun;
    }

    public boolean createTopics() {
        return createTopics;
    }

    public boolean progress() {
        return progress;
    }
}
