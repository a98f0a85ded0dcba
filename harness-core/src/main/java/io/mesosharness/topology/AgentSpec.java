package io.mesosharness.topology;

import io.mesosharness.containers.MesosAttributes;
import io.mesosharness.containers.MesosResources;
import java.util.List;

/**
 * One agent container of a topology ({@link Topology#expandedAgents()}).
 *
 * @param hostname the agent's unique host name (a DNS label), e.g. {@code compute-2}
 * @param group    the name of the {@link AgentGroup} it comes from, e.g. {@code compute}
 * @param index    its 1-based position within the group
 * @param flags    its extra flags: the topology's {@code agentFlags}, overridden by its group's {@code flags}
 */
public record AgentSpec(
        String hostname,
        String group,
        int index,
        MesosAttributes attributes,
        MesosResources resources,
        MesosFlags flags,
        List<String> containerizers) {

    public AgentSpec {
        containerizers = List.copyOf(containerizers);
    }

    /** Whether it runs {@code container.type: DOCKER} apps (the Docker containerizer is listed). */
    public boolean usesDocker() {
        return containerizers.contains("docker");
    }

    /** A copy with other resources (e.g. a port range of its own on a shared Docker host). */
    public AgentSpec withResources(MesosResources other) {
        return new AgentSpec(hostname, group, index, attributes, other, flags, containerizers);
    }
}
