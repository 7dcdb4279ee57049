package org.outagewatch.deploy.demo;

import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.outagewatch.deploy.console.ConsumerLag;
import org.outagewatch.deploy.console.StatusLine;

/**
 * Gathers the demo's status line: the simulated time, events published per second since the last call, the open
 * alerts and incidents the printer counts, and the detector's consumer lag. Called from the status thread only.
 */
final class DemoStatus {
    private final LongSupplier published;
    private final Supplier<Instant> simulated;
    private final IntSupplier openAlerts;
    private final IntSupplier openIncidents;
    private final ConsumerLag lag;
    private long lastPublished;
    private long lastNanos = System.nanoTime();

    DemoStatus(final LongSupplier published, final Supplier<Instant> simulated, final IntSupplier openAlerts,
               final IntSupplier openIncidents, final ConsumerLag lag) {
        this.published = published;
        this.simulated = simulated;
        this.openAlerts = openAlerts;
        this.openIncidents = openIncidents;
        this.lag = lag;
        this.lastPublished = published.getAsLong();
    }

    StatusLine next() {
        final long now = System.nanoTime();
        final long sent = published.getAsLong();
        final long perSecond = now > lastNanos ? Math.round((sent - lastPublished) * 1e9 / (now - lastNanos)) : 0;
        lastPublished = sent;
        lastNanos = now;
        return new StatusLine(simulated.get(), perSecond, openAlerts.getAsInt(), openIncidents.getAsInt(), lag.records());
    }
}
