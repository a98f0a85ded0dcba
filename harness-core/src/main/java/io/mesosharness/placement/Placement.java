package io.mesosharness.placement;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where one Marathon app's running tasks are: every agent of the cluster (also those without tasks of the app, since
 * {@code GROUP_BY} and "spread over" checks need the values nobody uses) with the app's task count.
 *
 * @param appId  the Marathon app id, e.g. {@code /web}
 * @param agents all agents of the cluster
 */
public record Placement(String appId, List<AgentPlacement> agents) {

    /** Validates: an app id, no null agents, no agent id twice. */
    public Placement {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("appId must not be blank");
        }
        Objects.requireNonNull(agents, "agents of placement " + appId);
        Set<String> ids = new HashSet<>();
        for (AgentPlacement a : agents) {
            if (a == null) {
                throw new IllegalArgumentException("agents of placement " + appId + " contain null");
            }
            if (!ids.add(a.agentId())) {
                throw new IllegalArgumentException("agent " + a.agentId() + " appears twice in placement " + appId);
            }
        }
        agents = List.copyOf(agents);
    }

    /** Running tasks of the app over all agents. */
    public int totalTasks() {
        return agents.stream().mapToInt(AgentPlacement::tasks).sum();
    }

    /** The agents sorted by hostname (then agent id). */
    public List<AgentPlacement> agentsByHostname() {
        return agents.stream()
                .sorted(Comparator.comparing(AgentPlacement::hostname).thenComparing(AgentPlacement::agentId))
                .toList();
    }
}
