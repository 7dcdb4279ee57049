package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {
    @Test
    void shouldPutEveryStoreOnOneBoundedCache() {
        RocksDB.loadLibrary();
        final BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("a", first, Map.of());
            setter.setConfig("b", second, Map.of());
            final BlockBasedTableConfig a = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(a.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
        }
    }

    @Test
    void shouldReadTheBudgetAndRejectNonsense() {
        assertThat(BoundedRocksDbMemory.memoryBytes(Map.of())).isEqualTo(BoundedRocksDbMemory.DEFAULT_MEMORY_BYTES);
        assertThat(BoundedRocksDbMemory.memoryBytes(Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, "134217728"))).isEqualTo(134_217_728L);
        assertThatThrownBy(() -> BoundedRocksDbMemory.memoryBytes(Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, "lots")))
                .hasMessageContaining(BoundedRocksDbMemory.MEMORY_CONFIG);
        assertThatThrownBy(() -> BoundedRocksDbMemory.memoryBytes(Map.of(BoundedRocksDbMemory.MEMORY_CONFIG, "10")))
                .hasMessageContaining("at least");
    }

    @Test
    void shouldConfigureStreamsWithTheBoundAndPassTheBudgetOn() {
        final Properties props = DetectorApp.streamsProperties(
                Settings.of(Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://rocks", BoundedRocksDbMemory.MEMORY_CONFIG, "33554432")),
                DetectorApp.catalog(Settings.of(Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://rocks"))));
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbMemory.class);
        assertThat(props.get(BoundedRocksDbMemory.MEMORY_CONFIG)).isEqualTo("33554432");
    }
}
