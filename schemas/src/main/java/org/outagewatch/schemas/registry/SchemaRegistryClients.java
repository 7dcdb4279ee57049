package org.outagewatch.schemas.registry;

import java.util.Map;

/** Makes the right client for a config: in memory for {@code mock://scope}, over HTTP otherwise. */
public final class SchemaRegistryClients {
    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient create(final Map<String, ?> configs) {
        final RegistryClientConfig config = RegistryClientConfig.from(configs);
        return config.isMock() ? create(config) : new HttpSchemaRegistryClient(config, RegistryOutage.retryFor(configs));
    }

    public static SchemaRegistryClient create(final RegistryClientConfig config) {
        if (config.isMock()) {
            return InMemorySchemaRegistryClient.forScope(config.urls().get(0).substring(RegistryClientConfig.MOCK_SCHEME.length()));
        }
        return new HttpSchemaRegistryClient(config);
    }
}
