package io.mesosharness.cluster;

import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.marathon.MarathonException;
import io.mesosharness.marathon.MarathonTaskIds;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.mesos.Framework;
import io.mesosharness.mesos.MesosTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link MesosClusterHandle#reset()}: deletes apps and groups, then waits until no deployment touches them and Mesos runs none of their tasks — also tasks Marathon has forgotten (e.g. the
 * instance it replaced while an agent was cut off, which keeps running once the agent is back). Such tasks are found
 * in Mesos' view by Marathon's framework and task-id scheme; if they still run after {@code grace}, the cluster ends
 * them itself ({@link AbstractCluster#endForgottenTasks}) and the run logs what it ended.
 */
final class ResetRun {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How long Marathon gets to end the removed apps' tasks before the harness ends what is left itself. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final AbstractCluster cluster;
    private final MarathonClient marathon;
    private final Duration timeout;
    private final Duration grace;
    private final Set<String> knownTaskIds = new HashSet<>();
    private final Set<String> removedApps = new HashSet<>();
    private final List<String> removedGroups = new ArrayList<>();
    private final List<String> ended = new ArrayList<>();
    private Set<String> frameworks;
    private List<String> groupPrefixes;

    ResetRun(AbstractCluster cluster) {
        this(cluster, TIMEOUT, GRACE);
    }

    ResetRun(AbstractCluster cluster, Duration timeout, Duration grace) {
        this.cluster = cluster;
        this.marathon = cluster.marathon();
        this.timeout = timeout;
        this.grace = grace;
    }

    /**
     * Removes the top-level {@code apps} and {@code pods} and the {@code groups} (ids found in {@code root}; a group
     * takes its apps and pods with it) and waits; returns the tasks
     * the harness had to end itself (empty when Marathon ended them all).
     */
    List<String> run(Group root, List<String> apps, List<PodStatus> pods, List<String> groups) {
        if (apps.isEmpty() && pods.isEmpty() && groups.isEmpty()) {
            return List.of();
        }
        frameworks = marathonFrameworkIds();
        for (String appId : apps) {
            ignoringNotFound(() -> marathon.appTasks(appId).forEach(t -> knownTaskIds.add(t.id())));
            ignoringNotFound(() -> marathon.forced().delete(appId));
            removedApps.add(appId);
        }
        for (PodStatus pod : pods) {
            ignoringNotFound(() -> marathon.podStatus(pod.id())
                    .instances()
                    .forEach(i -> i.containers().forEach(c -> knownTaskIds.add(c.containerId()))));
            ignoringNotFound(() -> marathon.forced().deletePod(pod.id()));
            removedApps.add(pod.id());
        }
        for (String groupId : groups) {
            Group group = findGroup(root, groupId);
            for (App app : group == null ? List.<App>of() : group.allApps()) {
                app.tasks().forEach(t -> knownTaskIds.add(t.id()));
                ignoringNotFound(() -> marathon.appTasks(app.id()).forEach(t -> knownTaskIds.add(t.id())));
                removedApps.add(app.id());
            }
            ignoringNotFound(() -> marathon.forced().deleteGroup(groupId));
            removedGroups.add(groupId);
        }
        groupPrefixes =
                removedGroups.stream().map(g -> g.endsWith("/") ? g : g + "/").toList();
        List<String> removed = new ArrayList<>(removedApps);
        removed.addAll(groups);
        String what = "Marathon to forget " + removed + " and Mesos to end their tasks";
        long deadline = System.nanoTime() + timeout.toNanos();
        Probe done;
        try {
            done = awaitEnded(Duration.ofNanos(Math.min(grace.toNanos(), timeout.toNanos())), what);
        } catch (WaitTimeoutException slow) {
            List<MesosTask> live =
                    tasks().stream().filter(t -> !cluster.onAgentHeldDown(t)).toList();
            if (!live.isEmpty()) {
                ended.addAll(cluster.endForgottenTasks(live));
                LOG.warn(
                        "mesos-harness: reset of {}: Mesos still ran {} task(s) of the removed apps {}s after their"
                                + " removal ({}); the harness ended them: {}",
                        cluster.name(),
                        live.size(),
                        grace.toSeconds(),
                        live.stream()
                                .map(t -> t.id() + (knownTaskIds.contains(t.id()) ? "" : " (forgotten by Marathon)"))
                                .toList(),
                        ended);
            }
            done = awaitEnded(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), what);
        }
        if (!done.heldDown().isEmpty()) {
            LOG.info(
                    "mesos-harness: reset of {}: not waiting for {} unreachable task(s) of the removed apps on agents"
                            + " the test holds down (stopped, paused or disconnected); Mesos ends them when their"
                            + " agent is back: {}",
                    cluster.name(),
                    done.heldDown().size(),
                    done.heldDown());
        }
        return List.copyOf(ended);
    }

    private Probe awaitEnded(Duration within, String what) {
        return Poll.until(
                within,
                what,
                () -> {
                    List<MesosTask> tasks = tasks();
                    return new Probe(
                            marathon.deployments().stream()
                                    .filter(d -> java.util.stream.Stream.concat(
                                                    d.affectedApps().stream(), d.affectedPods().stream())
                                            .anyMatch(a -> removedApps.contains(a)
                                                    || groupPrefixes.stream().anyMatch(a::startsWith)))
                                    .map(Deployment::id)
                                    .toList(),
                            tasks.stream()
                                    .filter(t -> !cluster.onAgentHeldDown(t))
                                    .map(t -> t.id() + ":" + t.state()
                                            + (knownTaskIds.contains(t.id()) ? "" : " (not known to Marathon)"))
                                    .toList(),
                            tasks.stream()
                                    .filter(cluster::onAgentHeldDown)
                                    .map(MesosTask::id)
                                    .toList());
                },
                p -> p.deployments.isEmpty() && p.liveTasks.isEmpty(),
                p -> "deployments of the removed apps in flight " + p.deployments + ", live tasks " + p.liveTasks
                        + (ended.isEmpty() ? "" : ", ended by the harness " + ended));
    }

    /** One look at what the reset waits for; {@code heldDown}: task ids it does not wait for (their agent is away). */
    private record Probe(List<String> deployments, List<String> liveTasks, List<String> heldDown) {}

    /** Live Mesos tasks of the removed apps: known to Marathon before the removal, or theirs by id. */
    private List<MesosTask> tasks() {
        return cluster.mesos().tasks().stream()
                .filter(t -> !t.isTerminal())
                .filter(t -> frameworks.isEmpty() || frameworks.contains(t.frameworkId()))
                .filter(t -> knownTaskIds.contains(t.id()) || ofRemovedApp(t.id()))
                .toList();
    }

    private boolean ofRemovedApp(String taskId) {
        return removedApps.stream().anyMatch(app -> MarathonTaskIds.belongsToApp(taskId, app))
                || removedGroups.stream().anyMatch(group -> MarathonTaskIds.belongsToGroup(taskId, group));
    }

    /** Marathon's framework id (from /v2/info, else every framework named "marathon"); empty if unknown. */
    private Set<String> marathonFrameworkIds() {
        try {
            String id = marathon.info().frameworkId();
            if (id != null && !id.isBlank()) {
                return Set.of(id);
            }
        } catch (RuntimeException e) {
            // fall back to the master's view
        }
        try {
            return cluster.mesos().frameworks().stream()
                    .filter(f -> "marathon".equals(f.name()))
                    .map(Framework::id)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private static void ignoringNotFound(Runnable call) {
        try {
            call.run();
        } catch (MarathonException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** The group with this id anywhere under {@code group}, or null. */
    static Group findGroup(Group group, String groupId) {
        for (Group child : group.groups()) {
            Group found = child.id().equals(groupId) ? child : findGroup(child, groupId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
