package org.outagewatch.schemas.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import org.outagewatch.schemas.registry.CompatibilityLevel;

/**
 * One change to the registry, as stored in the {@code _schemas} log: a record whose key is
 * {@link #key()} and whose value is {@link #toJson()}.
 *
 * <p>Every command has its own random {@link #commandId()}, and the key ends with it, so no two records ever
 * share a key. That is deliberate: ids and versions come from the order in which the log is applied, and
 * compaction keeps only the <em>last</em> record of a key, which would move a registration (or a config
 * change that an accepted registration relied on) to a later place in the log and change what replay gives.
 * With unique keys compaction never removes a command, so no id is ever lost or renumbered, while
 * {@code cleanup.policy=compact} keeps the topic from being deleted by retention time. The key also names
 * the subject and the SHA-256 of the schema's canonical form, for people reading the topic.
 */
public sealed interface RegistryCommand {
    int FORMAT = 1;

    /** A random id that ties a request to its record in the log. */
    String commandId();

    /** The subject the command is about, or null for the global config. */
    String subject();

    /** The record key: unique per command (see the class doc). */
    String key();

    /** The record value. */
    String toJson();

    /** Registers a schema (its canonical text) under a subject, if the subject's compatibility level allows it. */
    record Register(String commandId, String subject, String schema) implements RegistryCommand {
        public Register {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }

        public static Register of(final String subject, final String canonicalSchema) {
            return new Register(UUID.randomUUID().toString(), subject, canonicalSchema);
        }

        @Override
        public String key() {
            return "schema/" + subject + "/" + sha256(schema) + "/" + commandId;
        }

        @Override
        public String toJson() {
            return write(base("REGISTER", commandId, subject).put("schema", schema));
        }
    }

    /** Sets the compatibility level of a subject, or the global one when subject is null. */
    record SetCompatibility(String commandId, String subject, CompatibilityLevel level) implements RegistryCommand {
        public SetCompatibility {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(level, "level");
        }

        public static SetCompatibility of(final String subjectOrNull, final CompatibilityLevel level) {
            return new SetCompatibility(UUID.randomUUID().toString(), subjectOrNull, level);
        }

        @Override
        public String key() {
            return "config/" + (subject == null ? "" : subject) + "/" + commandId;
        }

        @Override
        public String toJson() {
            return write(base("CONFIG", commandId, subject).put("compatibility", level.name()));
        }
    }

    /**
     * Reads a record value; fails with {@link IllegalArgumentException} on anything that is not one of our
     * commands (a foreign record in the topic, a newer format).
     */
    static RegistryCommand parse(final String value) {
        if (value == null) {
            throw new IllegalArgumentException("no value (tombstone)");
        }
        final JsonNode json;
        try {
            json = Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not JSON: " + e.getOriginalMessage(), e);
        }
        if (json == null || json.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException("not a command of format " + FORMAT);
        }
        final String commandId = text(json, "commandId");
        final String subject = json.hasNonNull("subject") ? json.get("subject").asText() : null;
        switch (json.path("command").asText()) {
            case "REGISTER":
                if (subject == null) {
                    throw new IllegalArgumentException("REGISTER without a subject");
                }
                return new Register(commandId, subject, text(json, "schema"));
            case "CONFIG":
                final CompatibilityLevel level = CompatibilityLevel.parse(text(json, "compatibility"));
                if (level == null) {
                    throw new IllegalArgumentException("unknown compatibility level " + json.get("compatibility"));
                }
                return new SetCompatibility(commandId, subject, level);
            default:
                throw new IllegalArgumentException("unknown command " + json.path("command"));
        }
    }

    private static String text(final JsonNode json, final String field) {
        final JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return node.asText();
    }

    private static ObjectNode base(final String command, final String commandId, final String subject) {
        final ObjectNode node = Json.MAPPER.createObjectNode()
                .put("format", FORMAT)
                .put("command", command)
                .put("commandId", commandId);
        if (subject == null) {
            node.putNull("subject");
        } else {
            node.put("subject", subject);
        }
        return node;
    }

    private static String write(final ObjectNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a registry command as JSON", e);
        }
    }

    /** The hex SHA-256 of the text's UTF-8 bytes. */
    static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256", e);
        }
    }
}
