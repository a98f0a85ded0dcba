package io.mesosharness.cluster;

import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.marathon.MarathonException;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.QueueEntry;
import io.mesosharness.mesos.MesosTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What local and external clusters share: the clients, reset, placement lookups and the diagnostics snapshot. */
abstract class AbstractCluster implements MesosClusterHandle {

    static final Duration RESET_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> TERMINAL = Set.of(
            "TASK_FINISHED",
            "TASK_FAILED",
            "TASK_KILLED",
            "TASK_ERROR",
            "TASK_GONE",
            "TASK_DROPPED",
            "TASK_LOST",
            "TASK_GONE_BY_OPERATOR");

    private Set<String> baselineApps = Set.of();
    private Set<String> baselineGroups = Set.of();

    /** Remembers what Marathon runs now: the default {@link #toRemove(Group)} leaves those apps and groups alone. */
    protected final void takeBaseline() {
        Group root = marathon().groups();
        baselineApps = root.allApps().stream().map(App::id).collect(Collectors.toSet());
        baselineGroups = new HashSet<>();
        collectGroups(root, baselineGroups);
    }

    /** What {@link #reset()} removes: top-level app ids and top-level group ids. */
    protected record Removal(List<String> apps, List<String> groups) {
        protected Removal {
            apps = List.copyOf(apps);
            groups = List.copyOf(groups);
        }

        boolean isEmpty() {
            return apps.isEmpty() && groups.isEmpty();
        }
    }

    /**
     * Which apps and groups {@link #reset()} removes, given Marathon's root group now. The default, for a cluster the
     * harness owns, removes every top-level app and group that was not there at {@link #takeBaseline()}.
     */
    protected Removal toRemove(Group root) {
        List<String> apps = root.apps().stream()
                .map(App::id)
                .filter(id -> !baselineApps.contains(id))
                .toList();
        List<String> groups = root.groups().stream()
                .map(Group::id)
                .filter(id -> !baselineGroups.contains(id))
                .toList();
        return new Removal(apps, groups);
    }

    /**
     * Removes what {@link #toRemove(Group)} names and waits until no deployment touches the removed apps and Mesos runs
     * none of their tasks. Deployments of other apps are not waited for.
     */
    @Override
    public Duration reset() {
        return remove(this::toRemove);
    }

    /** Like {@link #reset()}, for one group only (e.g. a test class's namespace on a shared cluster). */
    @Override
    public Duration resetGroup(String groupId) {
        String id = groupId.startsWith("/") ? groupId : "/" + groupId;
        return remove(root -> new Removal(List.of(), findGroup(root, id) != null ? List.of(id) : List.of()));
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

    private Duration remove(Function<Group, Removal> what) {
        long start = System.nanoTime();
        MarathonClient marathon = marathon();
        Group root = marathon.groups();
        Removal removal = what.apply(root);
        if (removal.isEmpty()) {
            return Duration.ofNanos(System.nanoTime() - start);
        }
        Set<String> taskIds = new HashSet<>();
        Set<String> removedApps = new HashSet<>();
        List<String> removed = new ArrayList<>();
        for (String appId : removal.apps()) {
            ignoringNotFound(() -> marathon.appTasks(appId).forEach(t -> taskIds.add(t.id())));
            ignoringNotFound(() -> marathon.delete(appId, true));
            removedApps.add(appId);
            removed.add(appId);
        }
        for (String groupId : removal.groups()) {
            for (App app : groupApps(root, groupId)) {
                app.tasks().forEach(t -> taskIds.add(t.id()));
                ignoringNotFound(() -> marathon.appTasks(app.id()).forEach(t -> taskIds.add(t.id())));
                removedApps.add(app.id());
            }
            ignoringNotFound(() -> marathon.deleteGroup(groupId, true));
            removed.add(groupId);
        }
        List<String> groupPrefixes = removal.groups().stream()
                .map(g -> g.endsWith("/") ? g : g + "/")
                .toList();
        Poll.until(
                RESET_TIMEOUT,
                "Marathon to forget " + removed + " and Mesos to end their tasks",
                () -> new ResetProbe(
                        deploymentsTouching(marathon.deployments(), removedApps, groupPrefixes), liveTasks(taskIds)),
                p -> p.deployments.isEmpty() && p.liveTasks.isEmpty(),
                p -> "deployments of the removed apps in flight " + p.deployments + ", live tasks " + p.liveTasks);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The ids of the deployments that affect one of the apps or an app under one of the group prefixes. */
    static List<String> deploymentsTouching(
            List<Deployment> deployments, Set<String> apps, List<String> groupPrefixes) {
        return deployments.stream()
                .filter(d -> d.affectedApps().stream()
                        .anyMatch(
                                a -> apps.contains(a) || groupPrefixes.stream().anyMatch(a::startsWith)))
                .map(Deployment::id)
                .toList();
    }

    /** Runs the call; a 404 (the app or group went away meanwhile, e.g. the test deleted it) is fine. */
    private static void ignoringNotFound(Runnable call) {
        try {
            call.run();
        } catch (MarathonException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    private static List<App> groupApps(Group root, String groupId) {
        Group group = findGroup(root, groupId);
        return group == null ? List.of() : group.allApps();
    }

    private record ResetProbe(List<String> deployments, List<String> liveTasks) {}

    private List<String> liveTasks(Set<String> taskIds) {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        return mesos().tasks().stream()
                .filter(t -> taskIds.contains(t.id()) && !TERMINAL.contains(t.state()))
                .map(t -> t.id() + ":" + t.state())
                .toList();
    }

    @Override
    public List<AgentHandle> agentsRunning(String appId) {
        Set<String> hosts = marathon().appTasks(appId).stream()
                .filter(MarathonTask::isRunning)
                .map(MarathonTask::host)
                .collect(Collectors.toSet());
        return agents().stream().filter(a -> hosts.contains(a.name())).toList();
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
            for (App app : apps) {
                out.append("  ")
                        .append(app.id())
                        .append("  ")
                        .append(app.countsSummary())
                        .append("  constraints ")
                        .append(app.constraints())
                        .append('\n');
            }
            Map<String, Map<String, Integer>> perAgent = new TreeMap<>();
            for (MesosTask task : mesos().tasks()) {
                if (!TERMINAL.contains(task.state())) {
                    perAgent.computeIfAbsent(task.agentId(), k -> new TreeMap<>())
                            .merge(task.state(), 1, Integer::sum);
                }
            }
            Map<String, String> hostnames = new LinkedHashMap<>();
            mesos().agents()
                    .forEach(a -> hostnames.put(
                            a.id(), a.hostname() + (a.active() ? "" : " (inactive)") + " " + a.attributes()));
            out.append("Mesos agents and their live tasks:\n");
            hostnames.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                    .forEach(e -> out.append("  ")
                            .append(e.getValue())
                            .append("  ")
                            .append(perAgent.getOrDefault(e.getKey(), Map.of()))
                            .append('\n'));
            List<QueueEntry> queue = marathon().queue();
            out.append("Marathon queue (").append(queue.size()).append(" entries):\n");
            queue.forEach(q -> out.append("  ").append(q).append('\n'));
        } catch (RuntimeException e) {
            out.append("(state not fully available: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    private static void collectGroups(Group group, Set<String> into) {
        for (Group child : group.groups()) {
            into.add(child.id());
            collectGroups(child, into);
        }
    }

    static UnsupportedOperationException notAvailableExternally(String what, String url) {
        return new UnsupportedOperationException(what + " is not available against an external cluster (" + url
                + "): the harness started nothing there and breaks nothing there. Run this test against a local "
                + "cluster, or unset MESOS_HARNESS_EXTERNAL_MESOS_URL / MESOS_HARNESS_EXTERNAL_MARATHON_URL.");
    }
}
