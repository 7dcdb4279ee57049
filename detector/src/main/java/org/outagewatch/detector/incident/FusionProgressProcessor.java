package org.outagewatch.detector.incident;

import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressStore;
import org.outagewatch.detector.common.ProgressTracker;
import org.outagewatch.schemas.SignalPoint;

/**
 * Stage 3's input side, in each stage-2 task: passes the ASN points on as {@link FusionInput.Point}s and turns the
 * writers' progress markers on this task's signal-points partition into this task's own marker for stage 3
 * ({@link FusionInput.Mark}, task = the partition, of {@code readers}): every point of every writer group in
 * {@code groups} through its {@code closedThrough} has been read here, and, since a task handles one record at a
 * time, every alert the scorer raised on them has been sent before the marker. The markers are kept in the store
 * {@code progressStore}.
 */
public final class FusionProgressProcessor implements Processor<String, SignalPoint, String, FusionInput> {
    /** The group of the stage-2 tasks' markers to stage 3. */
    public static final String PROGRESS_GROUP = "stage-2";
    private final String progressStoreName;
    private final List<String> groups;
    private final int readers;
    private ProcessorContext<String, FusionInput> context;
    private ProgressStore progress;
    private Progress sent;

    public FusionProgressProcessor(final String progressStore, final List<String> groups, final int readers) {
        this.progressStoreName = progressStore;
        this.groups = List.copyOf(groups);
        this.readers = readers;
    }

    @Override
    public void init(final ProcessorContext<String, FusionInput> processorContext) {
        this.context = processorContext;
        this.progress = new ProgressStore(processorContext.getStateStore(progressStoreName));
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final SignalPoint point = record.value();
        if (!Progress.isMarker(point)) {
            context.forward(record.withValue(new FusionInput.Point(point)));
            return;
        }
        final Progress marker = Progress.fromPoint(point);
        if (!groups.contains(marker.group()) || !progress.update(marker)) {
            return;
        }
        final ProgressTracker.Frontier frontier = progress.tracker().frontier(groups);
        if (!frontier.known()) {
            return;
        }
        final Progress mine = new Progress(PROGRESS_GROUP, context.taskId().partition(), readers,
                frontier.closedThrough(), frontier.idle());
        if (!mine.equals(sent)) {
            sent = mine;
            context.forward(record.withKey(mine.key()).withValue(new FusionInput.Mark(mine))
                    .withTimestamp(mine.closedThrough()));
        }
    }
}
