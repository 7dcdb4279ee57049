package org.outagewatch.ingest.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every file-ingest command shares: the files, {@code --dry-run}, {@code --create-topics}, {@code --progress}. */
public final class FileIngestOptions {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to read (JSON, JSON lines or gzip of either).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--dry-run", description = "Parse and serialize (in-process registry) without Kafka; print the counts.")
    boolean dryRun;

    @Option(names = "--create-topics", description = "Create the catalog's missing topics first.")
    boolean createTopics;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean progress;

    /** The files, checked to exist. */
    public List<Path> files() {
        for (final Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("File " + file + " does not exist or is not a file");
            }
        }
        return List.copyOf(files);
    }

    public boolean dryRun() {
        return dryRun;
    }
}
