package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TopologyScalingTest {

    private final Topology production = Topology.builder()
            .name("prod")
            .masters(3)
            .agent(AgentGroup.named("compute")
                    .count(10)
                    .attributes("rack:a;type:compute")
                    .resources("cpus:32;mem:131072;disk:400000;ports:[31000-32000];gpus:2"))
            .agent(AgentGroup.named("storage")
                    .count(2)
                    .attributes("rack:b;type:storage")
                    .resources("cpus:8;mem:32768;disk:4000000"))
            .agent(AgentGroup.named("tiny").attributes("rack:c").resources("cpus:0.5;mem:256;disk:100"))
            .marathon(m -> m.role("prod"))
            .build();

    @Test
    void largestAgentLandsOnTheLimitAndOthersKeepTheirRatio() {
        Topology scaled = production.scaledToFit(2, 2048, 8192);

        assertThat(scaled.agents().get(0).resources().render())
                .isEqualTo("cpus:2;mem:2048;disk:1024;ports:[31000-32000];gpus:2");
        assertThat(scaled.agents().get(1).resources().render())
                .isEqualTo("cpus:1;mem:512;disk:8192;ports:[31000-31099]");
    }

    @Test
    void nothingGoesBelowTheDefaultsOrItsOwnSmallerValue() {
        Topology scaled = production.scaledToFit(2, 2048, 8192);

        assertThat(scaled.agents().get(2).resources().render())
                .isEqualTo("cpus:0.5;mem:256;disk:100;ports:[31000-31099]");
        Topology tight = production.scaledToFit(0.25, 128, 64);
        assertThat(tight.agents()).allSatisfy(g -> {
            assertThat(g.resources().scalar("cpus")).isLessThanOrEqualTo(0.25);
            assertThat(g.resources().scalar("mem")).isLessThanOrEqualTo(128);
            assertThat(g.resources().scalar("disk")).isLessThanOrEqualTo(64);
        });
    }

    @Test
    void everythingButResourcesIsKeptExactly() {
        Topology scaled = production.scaledToFitOneMachine();

        assertThat(scaled.agents())
                .extracting(AgentGroup::attributes)
                .containsExactlyElementsOf(
                        production.agents().stream().map(AgentGroup::attributes).toList());
        assertThat(scaled.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactlyElementsOf(production.expandedAgents().stream()
                        .map(AgentSpec::hostname)
                        .toList());
        assertThat(scaled.masters()).isEqualTo(3);
        assertThat(scaled.marathon()).isEqualTo(production.marathon());
        assertThat(scaled.name()).isEqualTo("prod");
        assertThat(scaled)
                .isEqualTo(production.scaledToFit(
                        Topology.FIT_MAX_CPUS_PER_AGENT,
                        Topology.FIT_MAX_MEM_MB_PER_AGENT,
                        Topology.FIT_MAX_DISK_MB_PER_AGENT));
    }

    @Test
    void aTopologyThatFitsIsUnchanged() {
        assertThat(Topology.defaultTopology().scaledToFitOneMachine()).isEqualTo(Topology.defaultTopology());
        Topology scaled = production.scaledToFitOneMachine();
        assertThat(scaled.scaledToFitOneMachine()).isEqualTo(scaled);
    }

    @Test
    void badLimitsAreRejected() {
        TopologyBuilderTest.assertError(
                () -> production.scaledToFit(0, 1, 1), "scaledToFit", "maxCpusPerAgent must be more than 0, was 0.0");
        TopologyBuilderTest.assertError(
                () -> production.scaledToFit(1, -5, 1),
                "scaledToFit",
                "maxMemMbPerAgent must be more than 0, was -5.0");
    }
}
