package org.outagewatch.ingest.series;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.ingest.source.RecordSink;

/**
 * Reads CSV files (by name: {@code .csv}, {@code .csv.gz}; see {@link CsvFileReader}) and JSON files (anything else;
 * see {@link JsonFileReader}) through the same parser of JSON objects, into a {@link RecordSink}: events to publish,
 * unreadable rows and rejected records to the dead letters with their {@code file:line} origin.
 */
public final class TabularPipeline {
    private final CsvFileReader csv = new CsvFileReader();
    private final JsonFileReader json = new JsonFileReader();
    private final JsonPipeline pipeline;

    public TabularPipeline(final Function<JsonNode, Parsed> parser) {
        this.pipeline = new JsonPipeline(json, Objects.requireNonNull(parser, "parser"));
    }

    /** Reads one file into the sink. */
    public void read(final Path file, final RecordSink sink) {
        if (CsvFileReader.isCsv(file)) {
            csv.read(file, item -> pipeline.handle(item, sink));
        } else {
            pipeline.read(file, sink);
        }
    }
}
