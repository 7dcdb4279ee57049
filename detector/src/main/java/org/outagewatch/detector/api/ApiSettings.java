package org.outagewatch.detector.api;

import org.outagewatch.schemas.config.Settings;

/**
 * The HTTP API's settings ({@code outagewatch.api.*}).
 *
 * <pre>
 * key                              default    meaning
 * outagewatch.api.port             (off)      port of the API and dashboard; 0 picks a free one; unset or "off": no server
 * outagewatch.api.bind-host        0.0.0.0    address the server listens on
 * outagewatch.api.advertised-host  localhost  host name other detector instances reach this one by (application.server)
 * </pre>
 * {@code detect} and the demo default the port to {@value #DEFAULT_PORT}; a library user (and the tests) choose.
 *
 * @param port           the port, 0 for any free one, or {@link #OFF}
 * @param bindHost       the listening address
 * @param advertisedHost the host in {@code application.server}
 */
public record ApiSettings(int port, String bindHost, String advertisedHost) {
    public static final String PREFIX = Settings.OURS + "api.";
    public static final String PORT = PREFIX + "port";
    public static final String BIND_HOST = PREFIX + "bind-host";
    public static final String ADVERTISED_HOST = PREFIX + "advertised-host";
    /** The port of {@code detect} and the demo unless set. */
    public static final int DEFAULT_PORT = 8088;
    public static final int OFF = -1;

    public ApiSettings {
        if (port < OFF || port > 65_535) {
            throw new IllegalArgumentException(PORT + " must be a port (0-65535), 0 for any, or off: " + port);
        }
    }

    public boolean enabled() {
        return port != OFF;
    }

    public static ApiSettings from(final Settings settings) {
        final String port = settings.get(PORT);
        final int parsed;
        if (port == null || port.isBlank() || "off".equalsIgnoreCase(port.trim())) {
            parsed = OFF;
        } else {
            try {
                parsed = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PORT + " must be a port number or off: " + port, e);
            }
        }
        return new ApiSettings(parsed, settings.get(BIND_HOST, "0.0.0.0"), settings.get(ADVERTISED_HOST, "localhost"));
    }
}
