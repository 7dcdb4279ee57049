package org.outagewatch.ingest.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks shared by the file-ingest commands. */
final class FileIngestCommands {
    private FileIngestCommands() {
    }

    /** Every file exists, or an {@link IllegalArgumentException} naming the first that does not. */
    static void checkFiles(final List<Path> files) {
        for (final Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("File " + file + " does not exist or is not a file");
            }
        }
    }
}
