package org.outagewatch.detector.common;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a reader knows of its writers' progress: the last {@link Progress} of every task of every writer group it
 * has heard from. Plain Java; a processor keeps it in a logged store ({@link #update}, also when it loads them back)
 * so a restart carries on from it.
 *
 * <ul>
 *   <li>A group is complete through {@link #watermark(String)}: the smallest {@code closedThrough} of its tasks that
 *       are not idle, once every task of the group has been heard from ({@link #INCOMPLETE} before that). When every
 *       task is idle, the smallest {@code closedThrough} of those that have closed anything: "idle" is wall-clock
 *       silence, and when every task falls silent at once the cause is more often the cluster (a broker restart, a
 *       rebalance, the detector's own restart) than the end of the data, and a task behind the others then still
 *       has points for the windows between. Readers wait for it (taking the largest, as before, closed those windows
 *       early and lost its points as late). Tasks that never closed a window (no input at all) hold nobody back.</li>
 *   <li>{@link #frontier(Collection)}: how far a set of groups is complete together, the smallest watermark of the
 *       groups that are not wholly idle; a wholly idle group (a source with no input, such as routing without BGP
 *       data) holds nobody back. When every group is wholly idle, the smallest of their watermarks past
 *       {@link Progress#NONE}, for the same reason.</li>
 * </ul>
 */
public final class ProgressTracker {
    /** A group (or set of groups) not yet heard from in full. */
    public static final long INCOMPLETE = Long.MIN_VALUE;

    /** How far a set of groups is complete, and whether all of them are idle. */
    public record Frontier(long closedThrough, boolean idle) {
        public static final Frontier UNKNOWN = new Frontier(INCOMPLETE, false);

        public boolean known() {
            return closedThrough != INCOMPLETE;
        }
    }

    private final Map<String, Progress[]> groups = new HashMap<>();

    /**
     * Takes a marker; true when it changes what is known. A marker with another task count than the group's
     * earlier ones (its input was repartitioned) starts the group afresh.
     */
    public boolean update(final Progress progress) {
        Progress[] tasks = groups.get(progress.group());
        if (tasks == null || tasks.length != progress.tasks()) {
            tasks = new Progress[progress.tasks()];
            groups.put(progress.group(), tasks);
        }
        final Progress before = tasks[progress.task()];
        if (before != null && before.closedThrough() > progress.closedThrough() && before.idle() == progress.idle()) {
            return false; // markers never go back; an older one (a replayed duplicate) changes nothing
        }
        tasks[progress.task()] = progress;
        return !progress.equals(before);
    }

    /** The group's watermark, or {@link #INCOMPLETE} while a task of it has not been heard from. */
    public long watermark(final String group) {
        return frontierOf(group).closedThrough();
    }

    /** True when every task of the group has been heard from and is idle. */
    public boolean idle(final String group) {
        return frontierOf(group).idle();
    }

    private Frontier frontierOf(final String group) {
        final Progress[] tasks = groups.get(group);
        if (tasks == null) {
            return Frontier.UNKNOWN;
        }
        final Smallest smallest = new Smallest();
        for (final Progress task : tasks) {
            if (task == null) {
                return Frontier.UNKNOWN;
            }
            smallest.add(task.closedThrough(), task.idle());
        }
        return smallest.frontier();
    }

    /** How far {@code names} are complete together: {@link Frontier#UNKNOWN} while one is incomplete. */
    public Frontier frontier(final Collection<String> names) {
        if (names.isEmpty()) {
            return Frontier.UNKNOWN;
        }
        final Smallest smallest = new Smallest();
        for (final String name : names) {
            final Frontier group = frontierOf(name);
            if (!group.known()) {
                return Frontier.UNKNOWN;
            }
            smallest.add(group.closedThrough(), group.idle());
        }
        return smallest.frontier();
    }

    /**
     * The frontier of tasks (or groups): the smallest position of the busy ones; when none is busy, the smallest of
     * the idle ones that closed anything ({@link Progress#NONE} when none did), marked idle.
     */
    private static final class Smallest {
        private long busy = Long.MAX_VALUE;
        private long idle = Long.MAX_VALUE;
        private boolean anyBusy;

        void add(final long closedThrough, final boolean isIdle) {
            if (!isIdle) {
                anyBusy = true;
                busy = Math.min(busy, closedThrough);
            } else if (closedThrough > Progress.NONE) {
                idle = Math.min(idle, closedThrough);
            }
        }

        Frontier frontier() {
            return anyBusy ? new Frontier(busy, false) : new Frontier(idle == Long.MAX_VALUE ? Progress.NONE : idle, true);
        }
    }

    /** Every marker known, for saving. */
    public void forEach(final Consumer<Progress> action) {
        groups.values().forEach(tasks -> {
            for (final Progress task : tasks) {
                if (task != null) {
                    action.accept(task);
                }
            }
        });
    }
}
