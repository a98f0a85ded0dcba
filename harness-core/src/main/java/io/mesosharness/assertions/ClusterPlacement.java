package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.mesos.Agent;
import io.mesosharness.placement.AgentPlacement;
import io.mesosharness.placement.Placement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real placement of one app: its running tasks as Marathon lists them (agent id per task) over every agent the
 * Mesos master lists (hostname and attributes). Exact for one app and independent of {@code /master/tasks} paging.
 * Render it with {@link Placement#table(String...)}, check it with
 * {@link io.mesosharness.placement.ConstraintChecker}.
 */
public final class ClusterPlacement {

    private ClusterPlacement() {}

    /** Where the running tasks of {@code appId} are now, over all agents of the cluster. */
    public static Placement of(MesosClusterHandle cluster, String appId) {
        return of(cluster, cluster.marathon().app(AppWatch.resolve(cluster, appId)));
    }

    static Placement of(MesosClusterHandle cluster, App app) {
        return of(app, cluster.mesos().agents());
    }

    static Placement of(App app, List<Agent> agents) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        app.tasks().stream()
                .filter(t -> t.isRunning() && t.slaveId() != null)
                .forEach(t -> counts.merge(t.slaveId(), 1, Integer::sum));
        Map<String, AgentPlacement> byId = new LinkedHashMap<>();
        for (Agent agent : agents) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            agent.attributes().forEach((k, v) -> {
                if (v != null) {
                    attributes.put(k, v instanceof Number ? v : v.toString());
                }
            });
            byId.put(
                    agent.id(),
                    new AgentPlacement(agent.id(), agent.hostname(), attributes, counts.getOrDefault(agent.id(), 0)));
        }
        // a task on an agent the master no longer lists (e.g. removed) stays visible, attributes unknown
        for (MarathonTask task : app.tasks()) {
            if (counts.containsKey(task.slaveId()) && !byId.containsKey(task.slaveId())) {
                String host = task.host() == null ? task.slaveId() : task.host() + " (not listed by the master)";
                byId.put(
                        task.slaveId(), new AgentPlacement(task.slaveId(), host, Map.of(), counts.get(task.slaveId())));
            }
        }
        return new Placement(app.id(), List.copyOf(byId.values()));
    }
}
