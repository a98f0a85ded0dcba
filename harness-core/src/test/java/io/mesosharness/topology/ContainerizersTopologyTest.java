package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The per-group opt-in to the Docker containerizer: builder, YAML topology, Ansible inventory, and their errors. */
@Tag("unit")
class ContainerizersTopologyTest {

    @Test
    void theMesosContainerizerIsTheDefault() {
        AgentGroup plain = AgentGroup.named("a1");

        assertThat(plain.containerizers()).containsExactly("mesos");
        assertThat(plain.usesDocker()).isFalse();
        assertThat(Topology.builder().agent(plain).build().expandedAgents())
                .allSatisfy(spec -> assertThat(spec.containerizers()).containsExactly("mesos"));
    }

    @Test
    void theBuilderTakesContainerizersPerGroupAndEveryAgentOfTheGroupGetsThem() {
        Topology t = Topology.builder()
                .agent(AgentGroup.named("web").count(2).containerizers("docker", "mesos"))
                .agent(AgentGroup.named("batch"))
                .build();

        assertThat(t.expandedAgents())
                .extracting(AgentSpec::hostname, AgentSpec::usesDocker)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("web-1", true),
                        org.assertj.core.groups.Tuple.tuple("web-2", true),
                        org.assertj.core.groups.Tuple.tuple("batch", false));
        assertThat(t.expandedAgents().get(0).containerizers()).containsExactly("docker", "mesos");
        assertThat(AgentGroup.named("web").containerizers("docker"))
                .isNotEqualTo(AgentGroup.named("web").containerizers("docker", "mesos"));
    }

    @Test
    void aMisspelledContainerizerIsNamedWithItsField() {
        assertThatThrownBy(() -> AgentGroup.named("web").containerizers("dokcer", "mesos"))
                .isInstanceOf(TopologyException.class)
                .satisfies(e -> assertThat(((TopologyException) e).path()).isEqualTo("agents[web].containerizers"))
                .hasMessageContaining("unknown containerizer 'dokcer'")
                .hasMessageContaining("known: mesos, docker");
        assertThatThrownBy(() -> AgentGroup.named("web").containerizers(List.of()))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("at least one containerizer");
        assertThatThrownBy(() -> AgentGroup.named("web").containerizers("docker", "docker"))
                .hasMessageContaining("'docker' is listed twice");
    }

    @Test
    void yamlTakesAListOrACommaSeparatedText() {
        Topology t = TopologyFiles.parseYaml(
                String.join(
                        "\n",
                        "agents:",
                        "  - name: web",
                        "    containerizers: [docker, mesos]",
                        "  - name: docker-only",
                        "    containerizers: docker",
                        "  - name: plain",
                        ""),
                "topology.yml");

        assertThat(t.agents())
                .extracting(AgentGroup::containerizers)
                .containsExactly(List.of("docker", "mesos"), List.of("docker"), List.of("mesos"));
    }

    @Test
    void yamlNamesTheFileLineAndFieldOfABadContainerizer() {
        assertThatThrownBy(() -> TopologyFiles.parseYaml(
                        String.join("\n", "agents:", "  - name: web", "    containerizers: [docker, mesoss]", ""),
                        "topology.yml"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("topology.yml")
                .hasMessageContaining("agents[0].containerizers")
                .hasMessageContaining("unknown containerizer 'mesoss'");
    }

    @Test
    void yamlNamesAMisspelledField() {
        assertThatThrownBy(() -> TopologyFiles.parseYaml(
                        String.join("\n", "agents:", "  - name: web", "    containerizer: [docker]", ""),
                        "topology.yml"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("unknown field 'containerizer'")
                .hasMessageContaining("did you mean 'containerizers'");
    }

    @Test
    void theYamlWriterKeepsContainerizersAndLeavesTheDefaultOut() {
        Topology t = Topology.builder()
                .agent(AgentGroup.named("web").containerizers("docker", "mesos"))
                .agent(AgentGroup.named("plain"))
                .build();

        String yaml = t.toYaml();

        assertThat(yaml).containsOnlyOnce("containerizers");
        assertThat(TopologyFiles.parseYaml(yaml, "written.yml")).isEqualTo(t);
    }

    @Test
    void ansibleTakesTheMesosContainerizersVariable() {
        Topology t = TopologyFiles.parseAnsibleInventory(
                String.join(
                        "\n",
                        "[mesos_agents]",
                        "web-1 mesos_containerizers=docker,mesos",
                        "web-2 mesos_containerizers=docker,mesos",
                        "plain",
                        ""),
                "hosts");

        assertThat(t.agents()).extracting(AgentGroup::name).containsExactly("web", "plain");
        assertThat(t.agents().get(0).count()).isEqualTo(2);
        assertThat(t.agents().get(0).containerizers()).containsExactly("docker", "mesos");
        assertThat(t.agents().get(1).containerizers()).containsExactly("mesos");
    }

    @Test
    void ansibleFoldsOnlyAgentsWithTheSameContainerizers() {
        Topology t = TopologyFiles.parseAnsibleInventory(
                String.join("\n", "[mesos_agents]", "web-1 mesos_containerizers=docker,mesos", "web-2", ""), "hosts");

        assertThat(t.agents()).extracting(AgentGroup::name).containsExactly("web-1", "web-2");
    }

    @Test
    void ansibleGroupVarsApplyToEveryHostOfTheGroup() {
        Topology t = TopologyFiles.parseAnsibleInventory(
                String.join(
                        "\n",
                        "[mesos_agents]",
                        "d1",
                        "d2",
                        "[mesos_agents:vars]",
                        "mesos_containerizers=docker,mesos",
                        ""),
                "hosts");

        assertThat(t.expandedAgents())
                .allSatisfy(spec -> assertThat(spec.usesDocker()).isTrue());
    }

    @Test
    void ansibleNamesTheHostVariableAndLineOfABadValueOrAMisspelledVariable() {
        assertThatThrownBy(() -> TopologyFiles.parseAnsibleInventory(
                        "[mesos_agents]\nweb mesos_containerizers=docker,rkt\n", "hosts"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("hosts")
                .hasMessageContaining("web.mesos_containerizers")
                .hasMessageContaining("unknown containerizer 'rkt'");
        assertThatThrownBy(() -> TopologyFiles.parseAnsibleInventory(
                        "[mesos_agents]\nweb mesos_containerizer=docker\n", "hosts"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("web.mesos_containerizer")
                .hasMessageContaining("did you mean 'mesos_containerizers'");
    }
}
