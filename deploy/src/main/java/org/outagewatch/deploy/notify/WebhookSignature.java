package org.outagewatch.deploy.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header: {@code sha256=} and the lowercase hex HMAC-SHA256 of the request body under the
 * shared secret, so a receiver can check that a delivery comes from us and was not altered (compare in constant
 * time, e.g. {@code hmac.compare_digest} or {@code MessageDigest.isEqual}).
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Outagewatch-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public WebhookSignature(final String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The webhook secret is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header's value for {@code body}. */
    public String sign(final String body) {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
