package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** {@code @Agent(containerizers = ...)}: the opt-in to the Docker containerizer per agent group, and its errors. */
@Tag("unit")
class AgentContainerizersTest {

    @Test
    void containerizersReachTheTopologyPerGroup() {
        Topology t = ClusterRequest.find(WithDocker.class).orElseThrow().topology();

        assertThat(t.agents())
                .containsExactly(
                        AgentGroup.named("web").count(2).containerizers("docker", "mesos"), AgentGroup.named("plain"));
    }

    @Test
    void aMisspelledContainerizerNamesTheAgentTheAttributeAndTheValue() {
        assertThatThrownBy(() ->
                        ClusterRequest.find(Misspelled.class).orElseThrow().topology())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContainingAll(
                        "agents[0] (@Agent(name = \"web\")) containerizers = [docker, mesoss]",
                        "unknown containerizer 'mesoss'");
    }

    @MesosCluster(
            agents = {
                @Agent(
                        name = "web",
                        count = 2,
                        containerizers = {"docker", "mesos"}),
                @Agent(name = "plain")
            })
    static class WithDocker {}

    @MesosCluster(
            agents =
                    @Agent(
                            name = "web",
                            containerizers = {"docker", "mesoss"}))
    static class Misspelled {}
}
