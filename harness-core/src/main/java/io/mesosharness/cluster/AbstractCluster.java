package io.mesosharness.cluster;

import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonException;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.MarathonTaskIds;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.marathon.QueueEntry;
import io.mesosharness.mesos.Framework;
import io.mesosharness.mesos.MesosTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What local and external clusters (and the tests' fake) share: the reset, placement lookups and the diagnostics
 * snapshot. A reset removes the handle's app namespace (a cluster of its own: every top-level app, pod and group), then
 * waits until no deployment touches what it removed and Mesos runs none of its tasks: also tasks Marathon has forgotten
 * (e.g. the instance it replaced while an agent was cut off, which keeps running once the agent is back), found in
 * Mesos' view by Marathon's framework and task-id scheme. If they still run after a grace, the cluster ends them itself
 * ({@link #endForgottenTasks}) and the reset logs what it ended.
 */
abstract class AbstractCluster implements MesosClusterHandle {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    private static final Duration RESET_TIMEOUT = Duration.ofSeconds(60);
    /** How long Marathon gets to end the removed apps' tasks before the harness ends what is left itself. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    @Override
    public Duration reset() {
        long start = System.nanoTime();
        Group root = marathon().groups();
        remove(
                root,
                root.apps().stream().map(App::id).toList(),
                root.pods(),
                root.groups().stream().map(Group::id).toList(),
                RESET_TIMEOUT,
                GRACE);
        return Poll.since(start);
    }

    /** Like {@link #reset()}, for one group only (e.g. a test class's namespace on a shared cluster). */
    @Override
    public Duration resetGroup(String groupId) {
        long start = System.nanoTime();
        String id = groupId.startsWith("/") ? groupId : "/" + groupId;
        Group root = marathon().groups();
        remove(root, List.of(), List.of(), findGroup(root, id) != null ? List.of(id) : List.of(), RESET_TIMEOUT, GRACE);
        return Poll.since(start);
    }

    /**
     * Removes the top-level {@code apps} and {@code pods} and the {@code groups} (ids found in {@code root}; a group
     * takes its apps and pods with it) and waits; returns the tasks the harness had to end itself.
     */
    List<String> remove(
            Group root,
            List<String> apps,
            List<PodStatus> pods,
            List<String> groups,
            Duration timeout,
            Duration grace) {
        if (apps.isEmpty() && pods.isEmpty() && groups.isEmpty()) {
            return List.of();
        }
        Set<String> frameworks = marathonFrameworkIds();
        Set<String> knownTaskIds = new HashSet<>();
        Set<String> removedApps = new HashSet<>();
        for (String appId : apps) {
            ignoringNotFound(() -> marathon().appTasks(appId).forEach(t -> knownTaskIds.add(t.id())));
            ignoringNotFound(() -> marathon().forced().delete(appId));
            removedApps.add(appId);
        }
        for (PodStatus pod : pods) {
            ignoringNotFound(() -> marathon()
                    .podStatus(pod.id())
                    .instances()
                    .forEach(i -> i.containers().forEach(c -> knownTaskIds.add(c.containerId()))));
            ignoringNotFound(() -> marathon().forced().deletePod(pod.id()));
            removedApps.add(pod.id());
        }
        for (String groupId : groups) {
            Group group = findGroup(root, groupId);
            for (App app : group == null ? List.<App>of() : group.allApps()) {
                ignoringNotFound(() -> marathon().appTasks(app.id()).forEach(t -> knownTaskIds.add(t.id())));
                removedApps.add(app.id());
            }
            ignoringNotFound(() -> marathon().forced().deleteGroup(groupId));
        }
        List<String> groupPrefixes =
                groups.stream().map(g -> g.endsWith("/") ? g : g + "/").toList();
        // live Mesos tasks of the removed apps: known to Marathon before the removal, or theirs by id
        Supplier<List<MesosTask>> tasks = () -> mesos().tasks().stream()
                .filter(t -> !t.isTerminal())
                .filter(t -> frameworks.isEmpty() || frameworks.contains(t.frameworkId()))
                .filter(t -> knownTaskIds.contains(t.id())
                        || removedApps.stream().anyMatch(app -> MarathonTaskIds.belongsToApp(t.id(), app))
                        || groups.stream().anyMatch(group -> MarathonTaskIds.belongsToGroup(t.id(), group)))
                .toList();
        List<String> ended = new ArrayList<>();
        String what = "Marathon to forget "
                + Stream.concat(removedApps.stream(), groups.stream()).toList() + " and Mesos to end their tasks";
        Function<Duration, ResetProbe> awaitEnded = within -> Poll.until(
                within,
                what,
                () -> {
                    Map<Boolean, List<MesosTask>> live =
                            tasks.get().stream().collect(Collectors.partitioningBy(this::onAgentHeldDown));
                    return new ResetProbe(
                            marathon().deployments().stream()
                                    .filter(d -> Stream.concat(d.affectedApps().stream(), d.affectedPods().stream())
                                            .anyMatch(a -> removedApps.contains(a)
                                                    || groupPrefixes.stream().anyMatch(a::startsWith)))
                                    .map(Deployment::id)
                                    .toList(),
                            live.get(false).stream()
                                    .map(t -> t.id() + ":" + t.state()
                                            + (knownTaskIds.contains(t.id()) ? "" : " (not known to Marathon)"))
                                    .toList(),
                            live.get(true).stream().map(MesosTask::id).toList());
                },
                p -> p.deployments.isEmpty() && p.liveTasks.isEmpty(),
                p -> "deployments of the removed apps in flight " + p.deployments + ", live tasks " + p.liveTasks
                        + (ended.isEmpty() ? "" : ", ended by the harness " + ended));
        long deadline = System.nanoTime() + timeout.toNanos();
        ResetProbe done;
        try {
            done = awaitEnded.apply(Duration.ofNanos(Math.min(grace.toNanos(), timeout.toNanos())));
        } catch (WaitTimeoutException slow) {
            List<MesosTask> live =
                    tasks.get().stream().filter(t -> !onAgentHeldDown(t)).toList();
            if (!live.isEmpty()) {
                ended.addAll(endForgottenTasks(live));
                LOG.warn(
                        "mesos-harness: reset of {}: Mesos still ran {} task(s) of the removed apps {}s after their"
                                + " removal ({}); the harness ended them: {}",
                        name(),
                        live.size(),
                        grace.toSeconds(),
                        live.stream()
                                .map(t -> t.id() + (knownTaskIds.contains(t.id()) ? "" : " (forgotten by Marathon)"))
                                .toList(),
                        ended);
            }
            done = awaitEnded.apply(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (!done.heldDown().isEmpty()) {
            LOG.info(
                    "mesos-harness: reset of {}: not waiting for {} unreachable task(s) of the removed apps on agents"
                            + " the test holds down (stopped, paused or disconnected); Mesos ends them when their"
                            + " agent is back: {}",
                    name(),
                    done.heldDown().size(),
                    done.heldDown());
        }
        return List.copyOf(ended);
    }

    /** One look at what a reset waits for; {@code heldDown}: task ids it does not wait for (their agent is away). */
    private record ResetProbe(List<String> deployments, List<String> liveTasks, List<String> heldDown) {}

    /** Marathon's framework id (from /v2/info, else every framework named "marathon"); empty if unknown. */
    private Set<String> marathonFrameworkIds() {
        try {
            String id = marathon().info().frameworkId();
            if (id != null && !id.isBlank()) {
                return Set.of(id);
            }
        } catch (RuntimeException e) {
            // fall back to the master's view
        }
        try {
            return mesos().frameworks().stream()
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
    private static Group findGroup(Group group, String groupId) {
        for (Group child : group.groups()) {
            Group found = child.id().equals(groupId) ? child : findGroup(child, groupId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * Ends tasks of removed apps that Mesos still runs a grace after their removal (Marathon forgot them, or does not
     * kill them); returns what was done per task. A cluster the harness does not own ends nothing: the reset then
     * times out naming the tasks.
     */
    protected List<String> endForgottenTasks(List<MesosTask> tasks) {
        return List.of();
    }

    /**
     * Whether a task cannot end because the test holds its agent away (stopped, paused or cut off, and reported
     * {@code TASK_UNREACHABLE}): a reset does not wait for such tasks; Mesos ends them when the agent comes back.
     */
    protected boolean onAgentHeldDown(MesosTask task) {
        return false;
    }

    @Override
    public List<AgentHandle> agentsRunning(String appId) {
        List<MarathonTask> tasks = marathon().appTasks(appId);
        Set<String> hosts = tasks.stream()
                .filter(MarathonTask::isRunning)
                .map(MarathonTask::host)
                .collect(Collectors.toSet());
        warnAboutForgottenTasks(appId, tasks);
        return agents().stream().filter(a -> hosts.contains(a.name())).toList();
    }

    /** Mesos tasks of the app that Marathon does not list are not counted anywhere; says so when there are any. */
    private void warnAboutForgottenTasks(String appId, List<MarathonTask> known) {
        try {
            Set<String> knownIds = known.stream().map(MarathonTask::id).collect(Collectors.toSet());
            List<String> forgotten = mesos().tasks().stream()
                    .filter(t -> !t.isTerminal())
                    .filter(t -> MarathonTaskIds.belongsToApp(t.id(), appId) && !knownIds.contains(t.id()))
                    .map(t -> t.id() + " (" + t.state() + ", agent " + t.agentId() + ")")
                    .toList();
            if (!forgotten.isEmpty()) {
                LOG.warn(
                        "mesos-harness: Mesos runs {} task(s) of {} that Marathon does not list; they are not counted: {}",
                        forgotten.size(),
                        appId,
                        forgotten);
            }
        } catch (RuntimeException e) {
            LOG.debug("mesos-harness: could not compare Marathon's and Mesos' tasks of {}: {}", appId, e.getMessage());
        }
    }

    @Override
    public AgentHandle agent(String name) {
        return agents().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("No agent named '" + name + "' in cluster " + name() + "; agents: "
                                + agents().stream().map(AgentHandle::name).toList()));
    }

    @Override
    public String describeState() {
        StringBuilder out = new StringBuilder();
        try {
            List<App> apps = marathon().apps();
            out.append("Marathon apps (").append(apps.size()).append("):\n");
            apps.forEach(app -> out.append(
                    "  " + app.id() + "  " + app.countsSummary() + "  constraints " + app.constraints() + "\n"));
            Map<String, Map<String, Long>> perAgent = mesos().tasks().stream()
                    .filter(t -> !t.isTerminal())
                    .collect(Collectors.groupingBy(
                            MesosTask::agentId,
                            Collectors.groupingBy(MesosTask::state, TreeMap::new, Collectors.counting())));
            out.append("Mesos agents and their live tasks:\n");
            mesos().agents().stream()
                    .map(a -> "  " + a.hostname() + (a.active() ? "" : " (inactive)") + " " + a.attributes() + "  "
                            + perAgent.getOrDefault(a.id(), Map.of()) + "\n")
                    .sorted()
                    .forEach(out::append);
            List<QueueEntry> queue = marathon().queue();
            out.append("Marathon queue (").append(queue.size()).append(" entries):\n");
            queue.forEach(q -> out.append("  ").append(q).append('\n'));
        } catch (RuntimeException e) {
            out.append("(state not fully available: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }
}
