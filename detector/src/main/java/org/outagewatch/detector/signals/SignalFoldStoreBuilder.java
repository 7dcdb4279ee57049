package org.outagewatch.detector.signals;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds {@link SignalFoldStore}s around a logged, uncached in-memory key-value store of the same name. Reports
 * logging as enabled, so Streams creates and restores the changelog topic ({@code <application.id>-<name>-changelog}).
 */
public final class SignalFoldStoreBuilder implements StoreBuilder<SignalFoldStore> {
    private StoreBuilder<KeyValueStore<String, byte[]>> inner;

    public SignalFoldStoreBuilder(final String name) {
        this.inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(Map.of());
    }

    @Override
    public StoreBuilder<SignalFoldStore> withCachingEnabled() {
        throw new UnsupportedOperationException("The fold store is its own cache: it writes at commit");
    }

    @Override
    public StoreBuilder<SignalFoldStore> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<SignalFoldStore> withLoggingEnabled(final Map<String, String> config) {
        inner = inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<SignalFoldStore> withLoggingDisabled() {
        throw new UnsupportedOperationException("The fold store must be logged: its changelog is what makes it exactly-once");
    }

    @Override
    public SignalFoldStore build() {
        return new SignalFoldStore(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
