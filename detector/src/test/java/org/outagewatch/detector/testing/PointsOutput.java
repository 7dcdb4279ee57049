package org.outagewatch.detector.testing;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.schemas.SignalPoint;

/** signal-points as the stage tests read it: the points, without the progress markers the writers send between them. */
public final class PointsOutput {
    private final TestOutputTopic<String, SignalPoint> topic;

    PointsOutput(final TestOutputTopic<String, SignalPoint> topic) {
        this.topic = topic;
    }

    public List<KeyValue<String, SignalPoint>> readKeyValuesToList() {
        return topic.readKeyValuesToList().stream().filter(kv -> !Progress.isMarker(kv.value)).toList();
    }

    public List<SignalPoint> readValuesToList() {
        return topic.readValuesToList().stream().filter(p -> !Progress.isMarker(p)).toList();
    }
}
