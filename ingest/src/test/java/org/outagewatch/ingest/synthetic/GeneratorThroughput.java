package org.outagewatch.ingest.synthetic;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * A quick measurement (not a test) of how fast the generator produces events, alone and with Avro
 * serialization through the catalog serdes. Args: ASNs (default 10000), hours (default 6), rounds (default 3).
 * Run: {@code java -cp <test classpath> org.outagewatch.ingest.synthetic.GeneratorThroughput 10000 6 3}.
 */
public final class GeneratorThroughput {
    private GeneratorThroughput() {
    }

    public static void main(final String[] args) {
        final int asns = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        final int hours = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        final WorldSpec spec = WorldSpec.forBenchmark(asns, Duration.ofHours(hours));
        final WorldGenerator generator = new WorldGenerator(spec);
        final TopicCatalog catalog = TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://throughput"), 4);
        for (int round = 0; round < rounds; round++) {
            final LongAdder bytes = new LongAdder();
            long start = System.nanoTime();
            final long generated = generator.generateAll(event -> bytes.add(event.key().length()));
            final double generateSeconds = (System.nanoTime() - start) / 1e9;

            start = System.nanoTime();
            final long serialized = generator.generateAll(event -> {
                if (event instanceof WorldEvent.Probe probe) {
                    bytes.add(catalog.probeResults().valueSerde().serializer()
                            .serialize(catalog.probeResults().name(), probe.value()).length);
                } else {
                    bytes.add(catalog.trafficSamples().valueSerde().serializer()
                            .serialize(catalog.trafficSamples().name(), (TrafficSample) event.value()).length);
                }
            });
            final double serializeSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "round %d: %,d ASNs x %d h: generate %,d events in %.2f s = %,.0f events/s;"
                            + " generate+serialize %,.0f events/s%n", round + 1, asns, hours, generated, generateSeconds,
                    generated / generateSeconds, serialized / serializeSeconds);
        }
    }
}
