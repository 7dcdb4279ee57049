package org.outagewatch.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Trust store and key store for an HTTPS registry; all null means the JVM's defaults. */
public record TlsSettings(
        String truststoreLocation, String truststorePassword, String truststoreType,
        String keystoreLocation, String keystorePassword, String keystoreType, String keyPassword) {

    private static final String PREFIX = "schema.registry.ssl.";

    static TlsSettings from(final Map<String, ?> configs) {
        return new TlsSettings(
                str(configs, "truststore.location"), str(configs, "truststore.password"), str(configs, "truststore.type"),
                str(configs, "keystore.location"), str(configs, "keystore.password"), str(configs, "keystore.type"),
                str(configs, "key.password"));
    }

    public boolean isDefault() {
        return truststoreLocation == null && keystoreLocation == null;
    }

    /** An SSL context from the configured stores. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = null;
            if (truststoreLocation != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(truststoreLocation, truststorePassword, truststoreType));
            }
            KeyManagerFactory kmf = null;
            if (keystoreLocation != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                final String keyPass = keyPassword != null ? keyPassword : keystorePassword;
                kmf.init(load(keystoreLocation, keystorePassword, keystoreType), keyPass == null ? null : keyPass.toCharArray());
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(final String location, final String password, final String type)
            throws GeneralSecurityException, IOException {
        final KeyStore store = KeyStore.getInstance(type == null ? "PKCS12" : type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    private static String str(final Map<String, ?> configs, final String key) {
        final Object value = configs.get(PREFIX + key);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
