package org.outagewatch.deploy.stack;

/**
 * Answers "is the service ready to serve?" without throwing; called repeatedly while a service starts.
 * A probe may hold a client between calls and releases it in {@link #close()}.
 */
public interface ReadinessProbe extends AutoCloseable {
    boolean isReady();

    /** What the probe checks, for messages ("an AdminClient describeCluster on 127.0.0.1:9092"). */
    String describe();

    @Override
    default void close() {
    }
}
