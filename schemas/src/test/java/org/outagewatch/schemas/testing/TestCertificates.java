package org.outagewatch.schemas.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for one test run with the JDK's {@code keytool}, run as a process into a directory: a
 * certificate authority, a server key store whose certificate that authority signed (subject alternative names
 * {@code localhost} and {@code 127.0.0.1}), a trust store holding the authority, and a second trust store holding
 * an unrelated authority (a client that trusts the wrong one). Every store is PKCS12 with {@link #PASSWORD}.
 *
 * @param serverKeystore  the server's key and certificate chain, for the broker and the registry
 * @param truststore      the authority that signed the server certificate
 * @param foreignTruststore an authority that signed nothing here
 */
public record TestCertificates(Path serverKeystore, Path truststore, Path foreignTruststore) {
    public static final String PASSWORD = "test-store-secret";
    public static final String TYPE = "PKCS12";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /** Makes the authority, the server certificate and the trust stores in {@code dir} (a few keytool runs, some at once). */
    public static TestCertificates create(final Path dir) throws IOException, InterruptedException {
        final Path ca = dir.resolve("ca.p12");
        final Path caPem = dir.resolve("ca.pem");
        final Path server = dir.resolve("server.p12");
        final Path csr = dir.resolve("server.csr");
        final Path serverPem = dir.resolve("server.pem");
        final Path chainPem = dir.resolve("server-chain.pem");
        final Path trust = dir.resolve("truststore.p12");
        final Path foreign = dir.resolve("foreign-truststore.p12");

        keytools(List.of(
                List.of("-genkeypair", "-alias", "ca", "-dname", "CN=outagewatch test CA", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-validity", "2", "-ext", "bc:c", "-keystore", ca.toString()),
                List.of("-genkeypair", "-alias", "server", "-dname", "CN=localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-validity", "2", "-keystore", server.toString()),
                // a trust store of an unrelated authority: the JDK trusts the certificate of a key entry too
                List.of("-genkeypair", "-alias", "foreign", "-dname", "CN=someone else's CA", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-validity", "2", "-ext", "bc:c", "-keystore", foreign.toString())));
        keytools(List.of(
                List.of("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString()),
                List.of("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString())));
        keytools(List.of(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", serverPem.toString(), "-rfc", "-validity", "2", "-ext", "SAN=dns:localhost,ip:127.0.0.1")));
        Files.writeString(chainPem, Files.readString(serverPem) + Files.readString(caPem));
        keytools(List.of(
                List.of("-importcert", "-noprompt", "-alias", "server", "-file", chainPem.toString(), "-keystore", server.toString()),
                List.of("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", trust.toString())));
        return new TestCertificates(server, trust, foreign);
    }

    /** Runs these keytool commands at once and waits for all; fails with keytool's own words. */
    private static void keytools(final List<List<String>> commands) throws IOException, InterruptedException {
        final List<Process> processes = new ArrayList<>();
        for (final List<String> args : commands) {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            // a short-lived JVM: skip the optimising compiler
            command.add("-J-XX:TieredStopAtLevel=1");
            command.addAll(args);
            command.addAll(List.of("-storetype", TYPE, "-storepass", PASSWORD));
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        for (int i = 0; i < processes.size(); i++) {
            final Process process = processes.get(i);
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + commands.get(i).get(0) + " failed: "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        }
    }
}
