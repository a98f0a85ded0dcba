package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AnsibleInventoryTest {

    @Test
    void sketchInventoryGivesThreeMastersAndOneAgentPerHostScaledToFit() {
        Topology t = TopologyFiles.loadResource("topology/inventory/hosts");

        assertThat(t.masters()).isEqualTo(3);
        assertThat(t.quorum()).isEqualTo(2);
        assertThat(t.expandedAgents()).extracting(AgentSpec::hostname).containsExactly("c1", "s1");
        AgentGroup c1 = t.agents().get(0);
        assertThat(c1.attributes().render()).isEqualTo("rack:a;type:compute");
        assertThat(c1.resources().render()).isEqualTo("cpus:1;mem:512;disk:1024;ports:[31000-31099]");
        AgentGroup s1 = t.agents().get(1);
        assertThat(s1.attributes().render()).isEqualTo("rack:b;type:storage");
        assertThat(s1.resources().render()).isEqualTo("cpus:2;mem:2048;disk:8192;ports:[31000-31099]");
        assertThat(t.marathon()).isEqualTo(MarathonSettings.defaults());
    }

    @Test
    void resourcesAreKeptAsGivenWhenScalingIsOff() {
        String content = TopologyFilesTest.resource("topology/inventory/hosts");

        Topology t = TopologyFiles.parseAnsibleInventory(content, "hosts", false);

        assertThat(t.agents().get(1).resources().render()).isEqualTo("cpus:4;mem:8192;disk:100000;ports:[31000-31099]");
        assertThat(t.scaledToFitOneMachine()).isEqualTo(TopologyFiles.parseAnsibleInventory(content, "hosts"));
    }

    @Test
    void childrenVarsRangesAndFoldingAreApplied() {
        Topology t = TopologyFiles.loadResource("topology/children-vars.ini");

        assertThat(t.name()).isEqualTo("staging-eu");
        assertThat(t.masters()).isEqualTo(3);
        assertThat(t.quorum()).isEqualTo(2);
        assertThat(t.agents()).extracting(AgentGroup::name).containsExactly("compute", "storage", "10-1-9-9");
        AgentGroup compute = t.agents().get(0);
        assertThat(compute.count()).isEqualTo(3);
        assertThat(compute.attributes().render()).isEqualTo("rack:a;type:compute");
        assertThat(compute.resources().render()).isEqualTo("cpus:2;mem:2048;disk:2048;ports:[31000-32000]");
        AgentGroup storage = t.agents().get(1);
        assertThat(storage.attributes().render()).isEqualTo("rack:b;type:storage");
        assertThat(storage.resources().render()).isEqualTo("cpus:1;mem:1024;disk:8192;ports:[31000-31099]");
        AgentGroup edge = t.agents().get(2);
        assertThat(edge.attributes().render()).isEqualTo("rack:c;type:edge");
        assertThat(edge.resources().render()).isEqualTo("cpus:1;mem:512;disk:1024;ports:[31000-31099]");
        assertThat(t.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactly("compute-1", "compute-2", "compute-3", "storage", "10-1-9-9");
    }

    @Test
    void hostVariablesOverrideChildGroupsWhichOverrideParentsAndAll() {
        String ini = String.join(
                "\n",
                "[all:vars]",
                "mesos_attributes=rack:all",
                "[agents:vars]",
                "mesos_attributes=rack:parent",
                "[agents:children]",
                "east",
                "west",
                "[east:vars]",
                "mesos_attributes=\"rack:east\"",
                "[east]",
                "e1",
                "e2 mesos_attributes=rack:own",
                "[west]",
                "w1 ansible_ssh_user=x ansible_port=22",
                "");

        Topology t = TopologyFiles.parseAnsibleInventory(ini, "hosts");

        assertThat(t.masters()).isEqualTo(1);
        assertThat(t.expandedAgents())
                .extracting(a -> a.hostname() + "=" + a.attributes().render())
                .containsExactly("e1=rack:east", "e2=rack:own", "w1=rack:parent");
    }

    @Test
    void agentSpecificVariablesWinAndAliasesAreAccepted() {
        String ini = String.join(
                "\n",
                "[mesos-masters]",
                "m1",
                "[mesos_slaves]",
                "n1 mesos_attributes=rack:a mesos_agent_attributes=rack:b mesos_resources=cpus:2 mesos_agent_resources=cpus:1",
                "[slaves]",
                "N2.example.com",
                "");

        Topology t = TopologyFiles.parseAnsibleInventory(ini, "hosts");

        assertThat(t.expandedAgents()).extracting(AgentSpec::hostname).containsExactly("n1", "n2");
        assertThat(t.agents().get(0).attributes().render()).isEqualTo("rack:b");
        assertThat(t.agents().get(0).resources().asMap()).containsEntry("cpus", "1");
        assertThat(t.agents().get(1).attributes().isEmpty()).isTrue();
    }

    @Test
    void foldingOnlyHappensWhenHostNamesStayTheSame() {
        String ini = String.join(
                "\n",
                "[agents]",
                "web-1 mesos_attributes=rack:a",
                "web-2 mesos_attributes=rack:a",
                "db-1 mesos_attributes=rack:a",
                "db-2 mesos_attributes=rack:b",
                "c1 mesos_attributes=rack:a",
                "c2 mesos_attributes=rack:a",
                "app-1 mesos_attributes=rack:a",
                "app-3 mesos_attributes=rack:a",
                "");

        Topology t = TopologyFiles.parseAnsibleInventory(ini, "hosts");

        assertThat(t.agents())
                .extracting(g -> g.name() + "x" + g.count())
                .containsExactly("webx2", "db-1x1", "db-2x1", "c1x1", "c2x1", "app-1x1", "app-3x1");
        assertThat(t.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactly("web-1", "web-2", "db-1", "db-2", "c1", "c2", "app-1", "app-3");
    }

    @Test
    void ambiguousShortNamesKeepTheWholeHostName() {
        String ini = "[agents]\nnode1.dc1.example.com\nnode1.dc2.example.com\nnode2.dc1.example.com\n";

        Topology t = TopologyFiles.parseAnsibleInventory(ini, "hosts");

        assertThat(t.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactly("node1-dc1-example-com", "node1-dc2-example-com", "node2");
    }

    @Test
    void invalidInventoriesNameFileLineAndValue() {
        assertIniError(
                "",
                "hosts: empty inventory: no hosts; expected a masters group ([mesos_masters], "
                        + "[mesos-masters], [masters]) and an agents group ([mesos_agents]");
        assertIniError("# nothing here\n[mesos_agents]\n", "hosts: empty inventory: no hosts");
        assertIniError(
                "[mesos_masters]\nm1\n[web]\nw1\n",
                "hosts: no agents group: expected one of [mesos_agents], "
                        + "[mesos_slaves], [mesos-agents], [mesos-slaves], [agents], [slaves]; found [mesos_masters], [web]");
        assertIniError(
                "[mesos_masters]\nm1\n\n[mesos_agents]\n[mesos_agents:children]\nempty\n",
                "hosts line 4, [mesos_agents]: the agents group has no hosts");
        assertIniError(
                "[mesos_masters]\nm1\nm2\n[mesos_agents]\na1\n",
                "hosts line 1, [mesos_masters]: 2 master "
                        + "hosts (m1, m2); a cluster needs 1 or an odd number of at least 3 masters");
        assertIniError(
                "[mesos_masters]\nm[1:3]\n[mesos_masters:vars]\nmesos_quorum=1\n[mesos_agents]\na1\n",
                "hosts line 4, quorum: must be a majority of the 3 masters (2 to 3), was 1");
        assertIniError(
                "[mesos_agents]\na1\nc1 ansible_host=10.0.1.1 mesos_attributes=\"rack=a\"\n",
                "hosts line 3, c1.mesos_attributes: Bad Mesos attributes 'rack=a': 'rack=a' has no ':' (expected "
                        + "name:value)");
        assertIniError(
                "[mesos_agents]\ns1 mesos_agent_resources=\"cpus:4;mem:lots\"\n",
                "hosts line 2, s1.mesos_agent_resources: Bad Mesos resources 'cpus:4;mem:lots'");
        assertIniError(
                "[mesos_agents]\ns1 mesos_resources=\"cpus:0\"\n",
                "hosts line 2, s1.mesos_resources: Agent resources 'cpus:0;mem:512;disk:1024;ports:[31000-31099]' have no "
                        + "(positive) cpus");
        assertIniError(
                "[mesos_agents]\nweb\n[mesos_agents:vars]\nmesos_attributes=\"{{ rack }}\"\n",
                "hosts line 4, mesos_attributes: '{{ rack }}' is a Jinja template; give the value literally");
        assertIniError(
                "[mesos_agents]\nweb_1\nweb-1\n",
                "hosts line 3, web-1: hosts 'web_1' (line 2) and 'web-1' " + "both become the agent name 'web-1'");
        assertIniError("[mesos_agents\nweb\n", "hosts line 1: bad section header '[mesos_agents'");
        assertIniError(
                "[mesos_agents:hosts]\nweb\n", "hosts line 1, [mesos_agents:hosts]: unknown section kind ':hosts'");
        assertIniError(
                "[mesos_agents]\nweb rack\n",
                "hosts line 2, web: expected name=value after the host name, got " + "'rack'");
        assertIniError("[mesos_agents]\nweb mesos_attributes=\"rack:a\n", "hosts line 2: unclosed \" quote");
        assertIniError(
                "[a:children]\nb\n[b:children]\na\n[mesos_agents:children]\na\n[b]\nh1\n",
                "groups are their own ancestors");
    }

    @Test
    void quotedValuesKeepHashesAndEscapedQuotes() {
        Topology t = TopologyFiles.parseAnsibleInventory(
                "[mesos_agents]\na1 mesos_attributes='rack:a' # a comment with a \" quote\n", "hosts");

        assertThat(t.agents().get(0).attributes().render()).isEqualTo("rack:a");
        assertIniError("[mesos_agents]\na1 mesos_attributes='rack:a #1'\n", "Bad Mesos attributes 'rack:a #1'");
        assertIniError(
                "[mesos_agents]\na1 mesos_attributes=\"rack=\\\"a b\\\"\"\n",
                "hosts line 2, a1.mesos_attributes: Bad Mesos attributes 'rack=\"a b\"'");
    }

    @Test
    void reservedNamesGetASuffix() {
        Topology t = TopologyFiles.parseAnsibleInventory("[mesos_agents]\nmaster\nmarathon.example.com\n", "hosts");

        assertThat(t.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactly("master-agent", "marathon-agent");
    }

    @Test
    void emptyAttributeEntriesNameTheHostVariableAndLine() {
        assertIniError(
                "[mesos_agents]\na1\na2 mesos_attributes=rack:a;;\n",
                "hosts line 3, a2.mesos_attributes: Bad Mesos attributes 'rack:a;;': entry 2 of 3 is empty");
    }

    private static void assertIniError(String ini, String messagePart) {
        assertThatThrownBy(() -> TopologyFiles.parseAnsibleInventory(ini, "hosts"))
                .isInstanceOf(TopologyException.class)
                .message()
                .contains(messagePart);
    }
}
