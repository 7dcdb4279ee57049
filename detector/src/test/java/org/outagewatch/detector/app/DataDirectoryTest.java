package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.config.Settings;
import org.slf4j.LoggerFactory;

class DataDirectoryTest {
    @Test
    void shouldShareTheStacksDataDirectoryByDefault(@TempDir final Path home) {
        assertThat(DataDirectory.state(Settings.of(Map.of(DataDirectory.HOME, home.toString()))))
                .isEqualTo(home.resolve(".outagewatch").resolve("detector"));
        assertThat(DataDirectory.state(Settings.of(Map.of(DataDirectory.HOME, home.toString(),
                DataDirectory.STACK_DATA_DIR, "work/stack")))).isEqualTo(home.resolve("work/stack/detector"));
        assertThat(DataDirectory.state(Settings.of(Map.of(DataDirectory.HOME, home.toString(),
                DataDirectory.STACK_DATA_DIR, "/srv/stack", DetectorApp.DATA_DIR, "/var/detector"))))
                .isEqualTo(Path.of("/var/detector/detector"));
    }

    @Test
    void shouldSayOnceWhenTheOldDefaultDirectoryHoldsState(@TempDir final Path home) throws Exception {
        final Logger log = (Logger) LoggerFactory.getLogger(DataDirectory.class);
        final ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            final Settings settings = Settings.of(Map.of(DataDirectory.HOME, home.toString()));
            DataDirectory.warnAboutTheOldDefault(settings);
            assertThat(lines.list).as("no old directory, nothing said").isEmpty();
            Files.createDirectories(home.resolve("outagewatch-data/detector"));
            DataDirectory.warnAboutTheOldDefault(settings);
            assertThat(lines.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains(home.resolve("outagewatch-data/detector").toString())
                        .contains(home.resolve(".outagewatch/detector").toString()).contains("outagewatch.data.dir=");
            });
            Files.createDirectories(home.resolve(".outagewatch/detector"));
            DataDirectory.warnAboutTheOldDefault(settings);
            assertThat(lines.list).as("said once: the new directory exists now").hasSize(1);
        } finally {
            log.detachAppender(lines);
        }
    }

    @Test
    void shouldUseItAsTheStreamsStateDirectory(@TempDir final Path home) {
        final Settings settings = Settings.of(Map.of(DataDirectory.HOME, home.toString(),
                Settings.SCHEMA_REGISTRY_URL, "mock://data-dir", Settings.BOOTSTRAP_SERVERS, "unused:9092"));
        assertThat(DetectorApp.streamsProperties(settings, DetectorApp.catalog(settings)).getProperty("state.dir"))
                .isEqualTo(home.resolve(".outagewatch/detector").toString());
    }

    @Test
    void shouldTellStateOfAnotherClusterOrNamespaceFromItsOwn(@TempDir final Path stateDir) {
        final StateOwner owner = new StateOwner("cluster-a", "outagewatch-detector", "");
        owner.write(stateDir);
        assertThat(StateOwner.read(stateDir, "outagewatch-detector")).hasValue(owner);
        assertThat(StateOwner.read(stateDir, "other")).isEmpty();
        assertThat(owner.mismatch(owner)).isEmpty();
        assertThat(new StateOwner("cluster-b", "outagewatch-detector", "").mismatch(owner))
                .hasValueSatisfying(why -> assertThat(why).contains("cluster cluster-a").contains("cluster-b"));
        assertThat(new StateOwner("cluster-a", "outagewatch-detector", "staging").mismatch(owner))
                .hasValueSatisfying(why -> assertThat(why).contains("namespace ''").contains("'staging'"));
    }
}
