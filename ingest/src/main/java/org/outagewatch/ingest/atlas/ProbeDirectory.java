package org.outagewatch.ingest.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.SourceItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RIPE Atlas probe metadata by probe id, read from the probe archive ({@code {"meta":..., "objects":[...]}}, the
 * daily dumps under ftp.ripe.net/ripe/atlas/probes/archive, gunzipped or gzip), the REST API's pages
 * ({@code {"results":[...]}}), a plain array of probes, or JSON lines of probes. Fields: {@code id},
 * {@code asn_v4}, {@code asn_v6} (null or absent when the probe has none), {@code country_code} (or
 * {@code country}). Probes without an id are skipped and counted.
 */
public final class ProbeDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeDirectory.class);
    private static final ProbeDirectory EMPTY = new ProbeDirectory(Map.of(), 0);

    private final Map<Long, ProbeInfo> probes;
    private final long skipped;

    private ProbeDirectory(final Map<Long, ProbeInfo> probes, final long skipped) {
        this.probes = probes;
        this.skipped = skipped;
    }

    public static ProbeDirectory empty() {
        return EMPTY;
    }

    /** A directory of the given probes. */
    public static ProbeDirectory of(final ProbeInfo... infos) {
        final Map<Long, ProbeInfo> map = new HashMap<>();
        for (final ProbeInfo info : infos) {
            map.put(info.id(), info);
        }
        return new ProbeDirectory(Map.copyOf(map), 0);
    }

    /** Loads probe metadata files (later files win). */
    public static ProbeDirectory load(final Path... files) {
        final Map<Long, ProbeInfo> map = new HashMap<>();
        final long[] skipped = new long[1];
        final JsonFileReader reader = new JsonFileReader();
        for (final Path file : files) {
            reader.read(file, item -> {
                if (item instanceof SourceItem.Value value) {
                    skipped[0] += add(value.node(), map);
                } else {
                    skipped[0]++;
                    LOG.warn("Skipping probe metadata: {}. origin=[{}]", ((SourceItem.Bad) item).reason(), item.origin());
                }
            });
        }
        return new ProbeDirectory(Map.copyOf(map), skipped[0]);
    }

    private static long add(final JsonNode node, final Map<Long, ProbeInfo> map) {
        final JsonNode list = node.has("objects") ? node.get("objects") : node.get("results");
        if (list != null && list.isArray()) {
            long skipped = 0;
            for (final JsonNode probe : list) {
                skipped += add(probe, map);
            }
            return skipped;
        }
        try {
            final long id = Fields.requiredLong(node, "id");
            final Long v4 = Fields.optionalLong(node, "asn_v4");
            final Long v6 = Fields.optionalLong(node, "asn_v6");
            String country = Fields.text(node, "country_code");
            if (country == null) {
                country = Fields.text(node, "country");
            }
            map.put(id, new ProbeInfo(id, v4 == null ? 0 : v4, v6 == null ? 0 : v6,
                    country == null ? null : country.toUpperCase(java.util.Locale.ROOT)));
            return 0;
        } catch (InvalidRecordException e) {
            return 1;
        }
    }

    /** The probe, or null when unknown. */
    public ProbeInfo get(final long id) {
        return probes.get(id);
    }

    public int size() {
        return probes.size();
    }

    /** Entries that could not be read. */
    public long skipped() {
        return skipped;
    }
}
