package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.marathon.QueueEntry;
import io.mesosharness.placement.Constraint;
import io.mesosharness.placement.Placement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Builds the part of a failure message that explains the app's state: counts, running deployments, Marathon's queue
 * entry, the offer-reject reasons under {@code Declined offers:}, constraints and placement, last task failure. Never
 * throws: a section that cannot be read says so.
 */
final class Diagnostics {

    private static final int UNUSED_OFFERS_SHOWN = 6;
    /** E.g. {@code Declined offers: UnfulfilledConstraint 12}, from {@code /v2/queue}. */
    static final String DECLINED = "Declined offers: ";

    private Diagnostics() {}

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** The app's counts, deployments, queue entry (while instances wait), constraints, placement, last failure. */
    static String explain(MesosClusterHandle cluster, String appId, App app) {
        if (app == null) {
            return "Counts: " + appId + " does not exist in Marathon";
        }
        boolean waiting =
                app.tasksRunning() < app.instanceCount() || !app.deploymentIds().isEmpty();
        StringBuilder out = new StringBuilder("Counts: " + app.countsSummary());
        section(out, () -> inProgress(app.deploymentIds(), cluster.marathon()::deployments));
        Supplier<Placement> placement =
                waiting || !app.constraints().isEmpty() ? () -> ClusterPlacement.of(cluster, app) : null;
        placement(out, cluster, appId, waiting, app.constraints(), placement);
        App.TaskFailure f = app.lastTaskFailure();
        if (f != null) {
            out.append("\nLast task failure: " + f.state() + " of " + f.taskId() + " on " + f.host() + " at "
                    + f.timestamp() + (f.message() == null || f.message().isEmpty() ? "" : ": " + f.message()));
        }
        return out.toString();
    }

    /** The pod's status, deployments touching it, queue entry, constraints and placement. */
    static String explain(MesosClusterHandle cluster, String podId, PodStatus pod) {
        if (pod == null) {
            return "Status: " + podId + " does not exist in Marathon";
        }
        StringBuilder out = new StringBuilder("Status: " + pod.summary());
        section(out, () -> {
            List<Deployment> all = cluster.marathon().deployments();
            List<String> touching = all.stream()
                    .filter(d -> d.affectedPods().contains(podId))
                    .map(Deployment::id)
                    .toList();
            return inProgress(touching, () -> all);
        });
        boolean waiting = pod.runningInstances().size() < pod.instanceCount();
        placement(out, cluster, podId, waiting, pod.constraints(), () -> ClusterPlacement.of(cluster, pod));
        return out.toString();
    }

    /** The queue entry while instances wait, the constraints, and the placement (if given). */
    private static void placement(
            StringBuilder out,
            MesosClusterHandle cluster,
            String id,
            boolean waiting,
            List<List<String>> constraints,
            Supplier<Placement> placement) {
        section(out, () -> waiting ? queue(id, cluster.marathon().queueEntry(id)) : null);
        if (!constraints.isEmpty()) {
            out.append("\nConstraints of ").append(id).append(": ").append(constraints(constraints));
        }
        section(
                out,
                () -> placement != null
                        ? "Placement of " + id + ":\n"
                                + placement.get().table().indent(2).stripTrailing()
                        : null);
    }

    static String constraints(List<List<String>> constraints) {
        return constraints.stream()
                .map(c -> c.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",", "[", "]")))
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The deployments with these ids, each with its step and actions if Marathon still lists it; null for none. */
    private static String inProgress(List<String> ids, Supplier<List<Deployment>> deployments) {
        if (ids.isEmpty()) {
            return null;
        }
        List<Deployment> all = deployments.get();
        StringBuilder out = new StringBuilder("Deployments in progress:");
        for (String id : ids) {
            out.append("\n  ").append(id);
            all.stream()
                    .filter(d -> id.equals(d.id()))
                    .findFirst()
                    .ifPresent(d -> out.append(
                            ": step " + d.currentStep() + " of " + d.totalSteps() + " " + d.currentActions()));
        }
        return out.toString();
    }

    /**
     * The queue entry, then the reject reasons under their own heading {@code Declined offers:} (always, "none (...)"
     * when nothing was declined), for tests to match without matching constraints or placement.
     */
    static String queue(String appId, Optional<QueueEntry> entry) {
        if (entry.isEmpty()) {
            return "Marathon's launch queue has no entry for " + appId + "\n" + DECLINED + "none (no queue entry)";
        }
        QueueEntry q = entry.get();
        StringBuilder out = new StringBuilder("Waiting in Marathon's launch queue: " + q.runSpecId() + ": " + q.count()
                + " waiting since " + q.since() + ", " + q.processedOffers() + " offers processed");
        Integer backoff = q.delay() == null ? null : q.delay().timeLeftSeconds();
        if (backoff != null && backoff > 0) {
            out.append("\n  launch delayed (backoff) for another " + backoff + " s");
        }
        out.append("\n" + DECLINED + q.declinedOffers());
        List<QueueEntry.UnusedOffer> offers = q.lastUnusedOffers();
        if (!offers.isEmpty()) {
            out.append("\n  last declined offers:");
            offers.stream()
                    .skip(Math.max(0, offers.size() - UNUSED_OFFERS_SHOWN))
                    .forEach(o -> out.append(
                            "\n    " + (o.offer() == null ? "?" : o.offer().hostname()) + ": " + o.reason()));
        }
        return out.toString();
    }

    /** Appends a section's text on a new line, if any; one that cannot be read says so instead. */
    private static void section(StringBuilder out, Supplier<String> section) {
        try {
            String text = section.get();
            if (text != null && !text.isEmpty()) {
                out.append('\n').append(text);
            }
        } catch (RuntimeException e) {
            out.append("\n(could not read: ").append(e.getMessage()).append(')');
        }
    }

    /** Parses constraints, naming the app when Marathon would reject one. */
    static List<Constraint> parse(String appId, List<List<String>> constraints) {
        try {
            return Constraint.parseAll(constraints);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "app " + appId + " has a constraint Marathon rejects: " + e.getMessage(), e);
        }
    }
}
