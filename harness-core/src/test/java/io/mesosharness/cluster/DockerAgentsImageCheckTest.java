package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Before a cluster with Docker-containerizer agents starts, the agent image is checked for a docker CLI. */
@Tag("docker")
class DockerAgentsImageCheckTest {

    @Test
    void anAgentImageWithoutDockerIsRefusedNamingTheAgentsTheImageAndWhatIsMissing() {
        Topology topology = Topology.builder()
                .agent(AgentGroup.named("web").count(2).containerizers("docker", "mesos"))
                .agent(AgentGroup.named("plain"))
                .build();

        assertThat(LocalCluster.dockerCliProblem(topology, "mesos-harness/debian:bookworm"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("agents[web].containerizers = [docker, mesos] needs the Docker containerizer")
                        .contains("agent image mesos-harness/debian:bookworm has no docker CLI")
                        .doesNotContain("plain"));
    }
}
