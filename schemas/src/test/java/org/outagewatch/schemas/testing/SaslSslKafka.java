package org.outagewatch.schemas.testing;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.metadata.UserScramCredentialRecord;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.ApiMessageAndVersion;

/**
 * A real single-node KRaft broker inside the test JVM whose only client listener is SASL_SSL with SCRAM-SHA-512:
 * TLS from {@link TestCertificates}, and SCRAM users written into the cluster's bootstrap metadata when it is
 * formatted (what {@code kafka-storage format --add-scram} does), so the broker can authenticate to itself and
 * clients can connect from the first second. The controller listener stays PLAINTEXT inside the JVM.
 *
 * <pre>
 * try (SaslSslKafka kafka = SaslSslKafka.start(certs, Map.of("outagewatch", "s3cret"))) {
 *     Admin.create(new HashMap&lt;&gt;(kafka.clientConfig("outagewatch", "s3cret"))) ...
 * }
 * </pre>
 */
public final class SaslSslKafka implements AutoCloseable {
    public static final String MECHANISM = "SCRAM-SHA-512";
    private static final String BROKER_USER = "broker";
    private static final String BROKER_PASSWORD = "broker-secret";
    private static final int ITERATIONS = 4096;

    private final KafkaClusterTestKit cluster;
    private final TestCertificates certificates;

    private SaslSslKafka(final KafkaClusterTestKit cluster, final TestCertificates certificates) {
        this.cluster = cluster;
        this.certificates = certificates;
    }

    /** Formats (with the SCRAM users, plus the broker's own) and starts a one-node cluster; waits until it is ready. */
    public static SaslSslKafka start(final TestCertificates certificates, final Map<String, String> users) throws Exception {
        return start(certificates, users, false);
    }

    /**
     * As {@link #start(TestCertificates, Map)}; with {@code authorize}, the broker runs KRaft's
     * {@code StandardAuthorizer} and denies what no ACL allows: only the broker itself (and the in-JVM controller
     * listener) are super users; create ACLs with {@link #superUserConfig()}.
     */
    public static SaslSslKafka start(final TestCertificates certificates, final Map<String, String> users, final boolean authorize)
            throws Exception {
        final Map<String, String> all = new HashMap<>(users);
        all.put(BROKER_USER, BROKER_PASSWORD);
        final BootstrapMetadata defaults = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build().bootstrapMetadata();
        final List<ApiMessageAndVersion> records = new ArrayList<>(defaults.records());
        for (final Map.Entry<String, String> user : all.entrySet()) {
            records.add(new ApiMessageAndVersion(scramRecord(user.getKey(), user.getValue()), (short) 0));
        }
        final TestKitNodes nodes = new TestKitNodes.Builder(BootstrapMetadata.fromRecords(records, "outagewatch security test"))
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .build();
        // the test kit itself only knows PLAINTEXT and SASL_PLAINTEXT: keep its listener names and ports, map its
        // client listener to SASL_SSL (its own defaults yield to ours)
        final String listener = nodes.brokerListenerName().value().toLowerCase(Locale.ROOT);
        final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "1")
                .setConfigProp("listener.security.protocol.map", nodes.brokerListenerName().value() + ":" + SecurityProtocol.SASL_SSL.name
                        + "," + nodes.controllerListenerName().value() + ":" + nodes.controllerListenerProtocol().name)
                .setConfigProp("sasl.enabled.mechanisms", MECHANISM)
                .setConfigProp("sasl.mechanism.inter.broker.protocol", MECHANISM)
                .setConfigProp("listener.name." + listener + ".scram-sha-512.sasl.jaas.config", jaas(BROKER_USER, BROKER_PASSWORD))
                .setConfigProp(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, certificates.serverKeystore().toString())
                .setConfigProp(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD)
                .setConfigProp(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, TestCertificates.TYPE)
                .setConfigProp(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().toString())
                .setConfigProp(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD)
                .setConfigProp(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TestCertificates.TYPE);
        if (authorize) {
            builder.setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .setConfigProp("allow.everyone.if.no.acl.found", "false")
                    .setConfigProp("super.users", "User:" + BROKER_USER + ";User:ANONYMOUS");
        }
        return new SaslSslKafka(EmbeddedKafka.started(builder), certificates);
    }

    private static UserScramCredentialRecord scramRecord(final String user, final String password) throws NoSuchAlgorithmException {
        final ScramFormatter formatter = new ScramFormatter(
                org.apache.kafka.common.security.scram.internals.ScramMechanism.SCRAM_SHA_512);
        final ScramCredential credential = formatter.generateCredential(password, ITERATIONS);
        return new UserScramCredentialRecord().setName(user).setMechanism(ScramMechanism.SCRAM_SHA_512.type())
                .setSalt(credential.salt()).setStoredKey(credential.storedKey()).setServerKey(credential.serverKey())
                .setIterations(credential.iterations());
    }

    /** The JAAS line of a SCRAM client. */
    public static String jaas(final String user, final String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** {@code localhost:PORT} of the SASL_SSL listener. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** What a client sets to reach the broker as {@code user}: the bootstrap servers, SASL_SSL, SCRAM and the trust store. */
    public Map<String, String> clientConfig(final String user, final String password) {
        final Map<String, String> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_SSL.name);
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
        config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.truststore().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestCertificates.PASSWORD);
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TestCertificates.TYPE);
        return config;
    }

    /** The client settings of the broker's own user, a super user (to create ACLs). */
    public Map<String, String> superUserConfig() {
        return clientConfig(BROKER_USER, BROKER_PASSWORD);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
