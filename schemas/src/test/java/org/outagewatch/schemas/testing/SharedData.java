package org.outagewatch.schemas.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real public data lives: {@code ../shared/data} beside the project root (the build passes
 * it as the system property {@code outagewatch.shared.data}). Tests that need it are skipped with a clear
 * message when it is absent (a checkout outside this workspace); in CI it is always there.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        final String configured = System.getProperty("outagewatch.shared.data");
        final Path root = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "data");
        assumeTrue(Files.isDirectory(root), "../shared/data is absent (" + root.toAbsolutePath() + "): skipping a test on real data");
        return root;
    }

    public static Path file(final String relative) {
        final Path file = root().resolve(relative);
        assumeTrue(Files.exists(file), "missing shared data file " + file);
        return file;
    }
}
