package io.mesosharness.cluster;

import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.MesosResources;
import io.mesosharness.topology.AgentSpec;
import io.mesosharness.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a local cluster does for agents with the Docker containerizer before they start: check that the agent image
 * has a {@code docker} CLI, and give each of them a port range of its own (their task containers publish host ports
 * on the one Docker host, see docs/DOCKER-APPS.md).
 */
final class DockerAgents {

    /** The default range every agent gets ({@link io.mesosharness.topology.AgentGroup#DEFAULT_RESOURCES}). */
    static final String DEFAULT_PORTS =
            MesosResources.parse(MesosResources.AGENT_DEFAULT).asMap().get("ports");
    /** Host port ranges handed out: slices of {@value #SLICE} ports from {@value #FIRST_PORT}, below Linux' ephemeral ports. */
    static final int FIRST_PORT = 20000;

    static final int SLICE = 100;
    static final int SLICES = 120; // 20000 .. 31999

    private DockerAgents() {}

    /**
     * Empty when no agent uses the Docker containerizer or {@code agentImage} has a docker CLI; otherwise the
     * problem, naming the agents that asked for it and the image.
     */
    static Optional<String> imageProblem(Topology topology, String agentImage) {
        Set<String> groups = new LinkedHashSet<>();
        for (AgentSpec spec : topology.expandedAgents()) {
            if (spec.usesDocker()) {
                groups.add("agents[" + spec.group() + "].containerizers = " + spec.containerizers());
            }
        }
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        return DockerContainerizer.dockerCliProblem(agentImage)
                .map(problem -> String.join(", ", groups) + " needs the Docker containerizer, but " + problem);
    }

    /**
     * The agents, where those with the Docker containerizer and the default port range get distinct ranges of
     * {@value #SLICE} ports each, starting at a random slice (so that two clusters on one Docker host rarely meet).
     * A port range given in the topology is kept as it is.
     */
    static List<AgentSpec> withOwnPortRanges(List<AgentSpec> agents) {
        return withOwnPortRanges(agents, ThreadLocalRandom.current().nextInt(SLICES));
    }

    static List<AgentSpec> withOwnPortRanges(List<AgentSpec> agents, int firstSlice) {
        List<AgentSpec> out = new ArrayList<>(agents.size());
        int next = 0;
        for (AgentSpec spec : agents) {
            String ports = spec.resources().asMap().get("ports");
            if (spec.usesDocker() && DEFAULT_PORTS.equals(ports)) {
                int begin = FIRST_PORT + ((firstSlice + next++) % SLICES) * SLICE;
                out.add(spec.withResources(
                        spec.resources().with("ports", "[" + begin + "-" + (begin + SLICE - 1) + "]")));
            } else {
                out.add(spec);
            }
        }
        return List.copyOf(out);
    }
}
