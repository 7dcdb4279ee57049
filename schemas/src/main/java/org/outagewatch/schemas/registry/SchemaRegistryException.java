package org.outagewatch.schemas.registry;

/**
 * An error answered by the registry, with Confluent's error code (40401 subject not found, 40402 version
 * not found, 40403 schema not found, 409 incompatible schema, 42201 invalid schema, 42202 invalid
 * version, 42203 invalid compatibility level, 50001 store error) and the HTTP status.
 */
public class SchemaRegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int STORE_ERROR = 50001;
    public static final int UNREACHABLE = -1;
    /** The registry answered, but not over TLS this client trusts: a setting to fix, not an outage to wait out. */
    public static final int TLS_REFUSED = -2;

    private final int errorCode;
    private final int httpStatus;

    public SchemaRegistryException(final int errorCode, final int httpStatus, final String message) {
        super(message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public SchemaRegistryException(final int errorCode, final int httpStatus, final String message, final Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static SchemaRegistryException subjectNotFound(final String subject) {
        return new SchemaRegistryException(SUBJECT_NOT_FOUND, 404, "Subject '" + subject + "' not found.");
    }

    public static SchemaRegistryException versionNotFound(final String subject, final int version) {
        return new SchemaRegistryException(VERSION_NOT_FOUND, 404, "Version " + version + " not found for subject '" + subject + "'.");
    }

    public static SchemaRegistryException schemaNotFound(final String what) {
        return new SchemaRegistryException(SCHEMA_NOT_FOUND, 404, "Schema " + what + " not found.");
    }

    public static SchemaRegistryException incompatible(final String subject, final String details) {
        return new SchemaRegistryException(INCOMPATIBLE_SCHEMA, 409,
                "Schema being registered is incompatible with an earlier schema for subject '" + subject + "': " + details);
    }
}
