package org.outagewatch.ingest.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The options every file-ingest command shares: the files, {@code --dry-run}, {@code --create-topics}, {@code --progress}. */
public final class FileIngestOptions {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to read (JSON, JSON lines or gzip of either).")
    List<Path> files = new ArrayList<>();

    @Mixin
    private PublishOptions publish;

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
        return publish.dryRun();
    }

    /** The publishing flags. */
    public PublishOptions publish() {
        return publish;
    }
}
