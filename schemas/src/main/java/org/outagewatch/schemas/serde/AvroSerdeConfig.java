package org.outagewatch.schemas.serde;

import java.util.Map;

/**
 * The serde's own settings, with Confluent's key names: {@code auto.register.schemas} (default true;
 * false means the schema must already be registered, as production registries usually require).
 * The registry connection is read by {@link org.outagewatch.schemas.registry.RegistryClientConfig}.
 */
public record AvroSerdeConfig(boolean autoRegister) {
    public static final String AUTO_REGISTER = "auto.register.schemas";

    public static AvroSerdeConfig from(final Map<String, ?> configs) {
        final Object auto = configs.get(AUTO_REGISTER);
        return new AvroSerdeConfig(auto == null || Boolean.parseBoolean(auto.toString()));
    }
}
