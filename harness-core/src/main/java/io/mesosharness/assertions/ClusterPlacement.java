package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.mesos.Agent;
import io.mesosharness.placement.AgentPlacement;
import io.mesosharness.placement.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The real placement of one app or pod: its running tasks (instances) as Marathon lists them over every agent the
 * Mesos master lists (hostname and attributes); independent of {@code /master/tasks} paging.
 */
public final class ClusterPlacement {

    private ClusterPlacement() {}

    /** Where the running tasks of {@code appId} are now. */
    public static Placement of(MesosClusterHandle cluster, String appId) {
        return of(cluster, cluster.marathon().app(appId));
    }

    static Placement of(MesosClusterHandle cluster, App app) {
        return of(
                app.id(),
                app.tasks().stream()
                        .filter(t -> t.isRunning() && t.slaveId() != null)
                        .map(t -> Map.entry(t.slaveId(), t.host() == null ? t.slaveId() : t.host()))
                        .toList(),
                cluster.mesos().agents());
    }

    /** One count per running instance, on the agent its containers run on. */
    static Placement of(MesosClusterHandle cluster, PodStatus pod) {
        return of(
                pod.id(),
                pod.runningInstances().stream()
                        .filter(i -> i.agentId() != null)
                        .map(i -> Map.entry(i.agentId(), i.agentHostname() == null ? i.agentId() : i.agentHostname()))
                        .toList(),
                cluster.mesos().agents());
    }

    /** {@code running}: one (agent id, host name) entry per running task or instance. */
    private static Placement of(String id, List<Map.Entry<String, String>> running, List<Agent> agents) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        running.forEach(r -> {
            counts.merge(r.getKey(), 1, Integer::sum);
            hosts.put(r.getKey(), r.getValue());
        });
        List<AgentPlacement> placements = new ArrayList<>();
        for (Agent agent : agents) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            agent.attributes().forEach((k, v) -> {
                if (v != null) {
                    attributes.put(k, v instanceof Number ? v : v.toString());
                }
            });
            int n = Objects.requireNonNullElse(counts.remove(agent.id()), 0);
            placements.add(new AgentPlacement(agent.id(), agent.hostname(), attributes, n));
        }
        // a task on an agent the master no longer lists (e.g. removed) stays visible, attributes unknown
        counts.forEach((agentId, n) -> placements.add(
                new AgentPlacement(agentId, hosts.get(agentId) + " (not listed by the master)", Map.of(), n)));
        return new Placement(id, List.copyOf(placements));
    }
}
