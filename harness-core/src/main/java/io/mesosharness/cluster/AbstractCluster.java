package io.mesosharness.cluster;

import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.MarathonTaskIds;
import io.mesosharness.marathon.QueueEntry;
import io.mesosharness.mesos.MesosTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What local and external clusters share: the clients, reset, placement lookups and the diagnostics snapshot. */
abstract class AbstractCluster implements MesosClusterHandle {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    /**
     * Removes every top-level app and group (the whole of a Marathon that the handle owns) and waits until no deployment
     * touches them and Mesos runs none of their tasks, including tasks Marathon has forgotten (see {@link ResetRun}).
     */
    @Override
    public Duration reset() {
        long start = System.nanoTime();
        Group root = marathon().groups();
        new ResetRun(this)
                .run(
                        root,
                        root.apps().stream().map(App::id).toList(),
                        root.pods(),
                        root.groups().stream().map(Group::id).toList());
        return Poll.since(start);
    }

    /** Like {@link #reset()}, for one group only (e.g. a test class's namespace on a shared cluster). */
    @Override
    public Duration resetGroup(String groupId) {
        long start = System.nanoTime();
        String id = groupId.startsWith("/") ? groupId : "/" + groupId;
        Group root = marathon().groups();
        new ResetRun(this)
                .run(root, List.of(), List.of(), ResetRun.findGroup(root, id) != null ? List.of(id) : List.of());
        return Poll.since(start);
    }

    /**
     * Ends tasks of removed apps that Mesos still runs {@link ResetRun#GRACE} after their removal (Marathon
     * forgot them, or does not kill them); returns what was done per task. A cluster the harness does not own
     * ends nothing: the default says so, and the reset then times out naming the tasks.
     */
    protected List<String> endForgottenTasks(List<MesosTask> tasks) {
        return List.of();
    }

    /**
     * Whether a task cannot end because the test holds its agent away (stopped, paused or cut off, and reported
     * {@code TASK_UNREACHABLE}): {@link #reset()} does not wait for such tasks. Mesos ends them when the agent comes
     * back. An external cluster holds no agent away.
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

    static UnsupportedOperationException notAvailableExternally(String what, String url) {
        return new UnsupportedOperationException(what + " is not available against an external cluster (" + url
                + "): the harness started nothing there and breaks nothing there. Run this test against a local "
                + "cluster, or unset MESOS_HARNESS_EXTERNAL_MESOS_URL / MESOS_HARNESS_EXTERNAL_MARATHON_URL.");
    }
}
