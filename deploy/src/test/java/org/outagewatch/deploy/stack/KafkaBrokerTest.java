package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class KafkaBrokerTest {
    private static final Path HOME = Path.of("/opt/outagewatch");
    private static final StackConfig CONFIG = StackConfig.defaults(HOME).withPorts(19092, 19093, 18081);

    @Test
    void shouldConfigureOneCombinedKraftNodeOnLoopback() {
        final Map<String, String> properties = KafkaBroker.serverProperties(CONFIG);

        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", CONFIG.kafkaLogDirs().toString())
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("log.message.timestamp.type", "LogAppendTime")
                .doesNotContainKey("controller.quorum.voters");
        assertThat(properties).hasEntrySatisfying("offsets.topic.replication.factor", v -> assertThat(v).isEqualTo("1"))
                .hasEntrySatisfying("transaction.state.log.replication.factor", v -> assertThat(v).isEqualTo("1"))
                .hasEntrySatisfying("share.coordinator.state.topic.replication.factor", v -> assertThat(v).isEqualTo("1"));
    }

    @Test
    void shouldLetSettingsOverrideBrokerProperties() {
        final StackConfig config = StackConfig.from(Settings.of(Map.of(
                StackConfig.BROKER_CONFIG_PREFIX + "num.partitions", "4")), HOME);

        assertThat(KafkaBroker.serverProperties(config)).containsEntry("num.partitions", "4");
    }

    @Test
    void shouldRenderAFileThatReadsBackToTheSameProperties() throws IOException {
        final StackConfig config = CONFIG.withDataDir(Path.of("/data/with\\backslash"));
        final Map<String, String> expected = KafkaBroker.serverProperties(config);
        final Properties read = new Properties();

        read.load(new StringReader(KafkaBroker.render(expected)));

        assertThat(read).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void shouldRunKafkaFromTheBrokerLibWithItsOwnLog4jConfig() {
        final KafkaBroker broker = new KafkaBroker(CONFIG);
        final List<String> command = broker.command();

        assertThat(command).containsSubsequence("-cp", CONFIG.brokerLib().resolve("*").toString());
        assertThat(command).contains("-Dlog4j2.configurationFile=" + broker.log4jConfigFile(), "-Xmx" + CONFIG.kafkaHeap());
        assertThat(command.subList(command.size() - 2, command.size()))
                .containsExactly(KafkaBroker.MAIN_CLASS, broker.serverPropertiesFile().toString());
        assertThat(broker.logFile()).isEqualTo(CONFIG.logsDir().resolve("kafka.log"));
        assertThat(broker.spec().ports()).containsExactly(CONFIG.kafkaBinding(), CONFIG.controllerBinding());
    }
}
