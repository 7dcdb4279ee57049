package org.outagewatch.detector.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.outagewatch.schemas.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the detector keeps its local state: {@code <data dir>/detector}, in the same data directory as the local
 * stack's broker, registry and logs. The data directory is, first that is set: {@value DetectorApp#DATA_DIR}; the
 * stack's {@value #STACK_DATA_DIR} (env {@code OUTAGEWATCH_STACK_DATA_DIR}); {@code <home>/.outagewatch}, where home
 * is {@value #HOME} (the {@code outagewatch} launcher sets it to the checkout; env {@code OUTAGEWATCH_HOME}) or the
 * working directory. Relative paths are resolved against home.
 *
 * <p>Before this, the detector's default was {@code ./outagewatch-data}; when that directory still holds detector
 * state and the new one has none, {@link #warnAboutTheOldDefault} says so in one line (the state is rebuilt from
 * the changelogs; nothing is lost).
 */
public final class DataDirectory {
    /** The stack's data directory setting (the deploy module's {@code StackConfig.DATA_DIR}). */
    public static final String STACK_DATA_DIR = Settings.OURS + "stack.data.dir";
    public static final String HOME = Settings.OURS + "home";
    public static final String DEFAULT = ".outagewatch";
    /** The detector's default data directory before it shared the stack's. */
    public static final String OLD_DEFAULT = "outagewatch-data";
    public static final String STATE = "detector";
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private DataDirectory() {
    }

    /** The data directory for these settings (see the class doc). */
    public static Path of(final Settings settings) {
        final String explicit = settings.get(DetectorApp.DATA_DIR);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        final Path home = home(settings);
        final String stack = settings.get(STACK_DATA_DIR);
        return home.resolve(stack != null && !stack.isBlank() ? stack : DEFAULT).normalize();
    }

    /** The detector's state directory ({@code state.dir}): {@code <data dir>/detector}. */
    public static Path state(final Settings settings) {
        return of(settings).resolve(STATE);
    }

    /**
     * One WARN when no data directory was set, the old default {@code outagewatch-data/detector} (in home or the
     * working directory) holds state and the new state directory does not exist yet.
     */
    public static void warnAboutTheOldDefault(final Settings settings) {
        final String explicit = settings.get(DetectorApp.DATA_DIR);
        final Path state = state(settings);
        if ((explicit != null && !explicit.isBlank()) || Files.exists(state)) {
            return;
        }
        for (final Path old : new Path[] {home(settings).resolve(OLD_DEFAULT).resolve(STATE),
                Path.of(OLD_DEFAULT, STATE).toAbsolutePath()}) {
            if (Files.isDirectory(old)) {
                LOG.warn("Found detector state in {} (the old default data directory); the detector now keeps it in {},"
                        + " beside the stack's data, and rebuilds it there from the changelogs. Delete {} when done, or set"
                        + " {}={} to keep using it", old, state, old.getParent(), DetectorApp.DATA_DIR, old.getParent());
                return;
            }
        }
    }

    private static Path home(final Settings settings) {
        final String property = System.getProperty(HOME);
        final String setting = property != null && !property.isBlank() ? property : settings.get(HOME);
        return (setting != null && !setting.isBlank() ? Path.of(setting) : Path.of("")).toAbsolutePath();
    }
}
