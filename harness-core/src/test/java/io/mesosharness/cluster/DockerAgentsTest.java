package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.AgentSpec;
import io.mesosharness.topology.Topology;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Agents with the Docker containerizer publish task ports on one Docker host: each gets a port range of its own. */
@Tag("unit")
class DockerAgentsTest {

    private static List<AgentSpec> agents() {
        return Topology.builder()
                .agent(AgentGroup.named("web").count(3).containerizers("docker", "mesos"))
                .agent(AgentGroup.named("plain").count(2))
                .agent(AgentGroup.named("fixed").containerizers("docker").resources("ports:[40000-40009]"))
                .build()
                .expandedAgents();
    }

    private static String ports(AgentSpec spec) {
        return spec.resources().asMap().get("ports");
    }

    @Test
    void dockerAgentsWithTheDefaultRangeGetDistinctSlices() {
        List<AgentSpec> out = LocalCluster.withOwnPortRanges(agents(), 0);

        assertThat(out)
                .extracting(DockerAgentsTest::ports)
                .containsExactly(
                        "[20000-20099]",
                        "[20100-20199]",
                        "[20200-20299]",
                        LocalCluster.DEFAULT_PORTS,
                        LocalCluster.DEFAULT_PORTS,
                        "[40000-40009]");
        assertThat(out.get(0).resources().asMap())
                .containsEntry("cpus", agents().get(0).resources().asMap().get("cpus"));
    }

    @Test
    void slicesWrapAroundBelowTheEphemeralPorts() {
        List<AgentSpec> out = LocalCluster.withOwnPortRanges(agents(), LocalCluster.SLICES - 1);

        assertThat(out).extracting(DockerAgentsTest::ports).startsWith("[31900-31999]", "[20000-20099]");
    }

    @Test
    void aTopologyWithoutDockerAgentsIsLeftAsItIs() {
        List<AgentSpec> plain = Topology.builder()
                .agent(AgentGroup.named("a1"))
                .agent(AgentGroup.named("a2"))
                .build()
                .expandedAgents();

        assertThat(LocalCluster.withOwnPortRanges(plain, 7)).isEqualTo(plain);
        assertThat(LocalCluster.dockerCliProblem(
                        Topology.builder().agent(AgentGroup.named("a1")).build(), "no/such-image"))
                .isEmpty();
    }
}
