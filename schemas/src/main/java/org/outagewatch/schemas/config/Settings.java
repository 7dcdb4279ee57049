package org.outagewatch.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The merged configuration of every outagewatch command, in one documented order, each overriding the one
 * before:
 * <ol>
 *   <li>code defaults (given by the command);</li>
 *   <li>a properties file ({@code --config FILE});</li>
 *   <li>the environment: {@code KAFKA_FOO_BAR} becomes the Kafka property {@code foo.bar},
 *       {@code SCHEMA_REGISTRY_FOO} becomes {@code schema.registry.foo}, {@code OUTAGEWATCH_FOO_BAR} becomes
 *       our own {@code outagewatch.foo.bar}; a double underscore stands for a hyphen
 *       ({@code OUTAGEWATCH_DETECTOR_WINDOW__SIZE} is {@code outagewatch.detector.window-size});</li>
 *   <li>command-line flags.</li>
 * </ol>
 * Keys that start with {@code outagewatch.} are ours; every other key is passed to the Kafka clients
 * (and from there to the serdes, which read the {@code schema.registry.*} keys).
 */
public final class Settings {
    public static final String OURS = "outagewatch.";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    private final Map<String, String> values;

    private Settings(final Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Merges defaults, the properties file (may be null), the environment and the flags, in that order. */
    public static Settings load(final Map<String, String> defaults, final Path propertiesFile,
                                final Map<String, String> environment, final Map<String, String> flags) {
        final Map<String, String> merged = new HashMap<>(defaults);
        if (propertiesFile != null) {
            merged.putAll(readProperties(propertiesFile));
        }
        merged.putAll(fromEnvironment(environment));
        flags.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
            }
        });
        return new Settings(merged);
    }

    public static Settings of(final Map<String, String> values) {
        return new Settings(values);
    }

    /** The environment variables that map to settings, translated to their keys. */
    static Map<String, String> fromEnvironment(final Map<String, String> environment) {
        final Map<String, String> out = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("OUTAGEWATCH_") && name.length() > "OUTAGEWATCH_".length()) {
                out.put(OURS + dotted(name.substring("OUTAGEWATCH_".length())), value);
            } else if (name.startsWith("SCHEMA_REGISTRY_") && name.length() > "SCHEMA_REGISTRY_".length()) {
                out.put("schema.registry." + dotted(name.substring("SCHEMA_REGISTRY_".length())), value);
            } else if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length()) {
                out.put(dotted(name.substring("KAFKA_".length())), value);
            }
        });
        return out;
    }

    /** {@code DETECTOR_WINDOW__SIZE} to {@code detector.window-size}: a double underscore is a hyphen, a single one a dot. */
    private static String dotted(final String envSuffix) {
        return envSuffix.toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
    }

    private static Map<String, String> readProperties(final Path file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read config file " + file + ": " + e.getMessage(), e);
        }
        final Map<String, String> out = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> out.put(k, properties.getProperty(k).trim()));
        return out;
    }

    public String get(final String key) {
        return values.get(key);
    }

    public String get(final String key, final String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** A required setting; fails with a message naming the key and how to set it. */
    public String require(final String key) {
        final String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing setting " + key + " (set it in the config file, the environment or a flag)");
        }
        return value;
    }

    public int getInt(final String key, final int fallback) {
        final String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number, not '" + value + "'", e);
        }
    }

    public long getLong(final String key, final long fallback) {
        final String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a whole number, not '" + value + "'", e);
        }
    }

    public double getDouble(final String key, final double fallback) {
        final String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a number, not '" + value + "'", e);
        }
    }

    /** Parses {@code PT5M} or {@code 500ms}, {@code 90s}, {@code 5m}, {@code 6h}, {@code 1d}. */
    public static Duration parseDuration(final String text) {
        final String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        final int unitAt = firstLetter(s);
        final long amount = Long.parseLong(s.substring(0, unitAt));
        return switch (s.substring(unitAt)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit in " + text);
        };
    }

    private static int firstLetter(final String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no unit in " + s);
    }

    /** Every setting that is not ours: for Kafka clients and serdes. A new map each call. */
    public Map<String, Object> kafkaConfig() {
        final Map<String, Object> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (!k.startsWith(OURS)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The registry settings and serde settings, for building serdes. */
    public Map<String, Object> serdeConfig() {
        final Map<String, Object> out = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.") || k.equals("auto.register.schemas")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Every setting, read-only. */
    public Map<String, String> asMap() {
        return values;
    }

    /** A copy with more settings on top. */
    public Settings with(final Map<String, String> overrides) {
        final Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new Settings(merged);
    }
}
