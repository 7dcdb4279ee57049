package org.outagewatch.ingest.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An input stream that adds every byte read through it to a shared counter (read by another thread, for
 * progress against a file's size).
 */
public final class CountingInputStream extends FilterInputStream {
    private final AtomicLong counter;

    public CountingInputStream(final InputStream in, final AtomicLong counter) {
        super(Objects.requireNonNull(in, "in"));
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    @Override
    public int read() throws IOException {
        final int b = super.read();
        if (b >= 0) {
            counter.incrementAndGet();
        }
        return b;
    }

    @Override
    public int read(final byte[] buffer, final int offset, final int length) throws IOException {
        final int n = super.read(buffer, offset, length);
        if (n > 0) {
            counter.addAndGet(n);
        }
        return n;
    }

    @Override
    public long skip(final long n) throws IOException {
        final long skipped = super.skip(n);
        counter.addAndGet(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
