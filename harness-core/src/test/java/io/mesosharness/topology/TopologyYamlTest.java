package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TopologyYamlTest {

    @Test
    void sketchExampleReadsAsWritten() {
        Topology t = TopologyFiles.loadResource("topology/prod-like.yml");

        assertThat(t.name()).isEqualTo("prod-like");
        assertThat(t.masters()).isEqualTo(3);
        assertThat(t.quorum()).isEqualTo(2);
        assertThat(t.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactly("compute-1", "compute-2", "compute-3", "storage");
        AgentGroup compute = t.agents().get(0);
        assertThat(compute.attributes().render()).isEqualTo("rack:a;type:compute");
        assertThat(compute.resources().render()).isEqualTo("cpus:2;mem:2048;disk:4096;ports:[31000-31999]");
        AgentGroup storage = t.agents().get(1);
        assertThat(storage.attributes().render()).isEqualTo("rack:b;type:storage");
        assertThat(storage.resources().render()).isEqualTo("cpus:1;mem:512;disk:1024;ports:[31000-31099]");
        assertThat(t.marathon().role()).isEqualTo("test");
        assertThat(t)
                .isEqualTo(Topology.builder()
                        .name("prod-like")
                        .masters(3)
                        .agent(AgentGroup.named("compute")
                                .count(3)
                                .attributes("rack:a;type:compute")
                                .resources("cpus:2;mem:2048;disk:4096;ports:[31000-31999]"))
                        .agent(AgentGroup.named("storage").attributes("rack:b;type:storage"))
                        .marathon(m -> m.role("test"))
                        .build());
    }

    @Test
    void everyFieldIsRead() {
        String yaml = String.join(
                "\n",
                "name: full",
                "masters: 5",
                "quorum: 4",
                "agents:",
                "  - name: a1",
                "    attributes: \"rack:a;zone:eu-1\"",
                "    resources: \"cpus:0.5;mem:256\"",
                "  - name: big",
                "    count: 2",
                "    attributes: { rack: b, level: 0.80, slots: \"[1-4]\" }",
                "    resources: { gpus: 1 }",
                "marathon:",
                "  role: test",
                "  principal: harness",
                "  features: [vips, task_killing]",
                "  minReviveOffersInterval: 2s",
                "  flags:",
                "    decline_offer_duration: 1000",
                "    disable_http:",
                "zookeeper:",
                "  image: zookeeper:3.9",
                "masterSettings:",
                "  agentPingTimeout: 500ms",
                "  maxAgentPingTimeouts: 5",
                "  registry: in_memory",
                "");

        Topology t = TopologyFiles.parseYaml(yaml, "full.yml");

        assertThat(t.masters()).isEqualTo(5);
        assertThat(t.quorum()).isEqualTo(4);
        assertThat(t.agents().get(0).resources().render()).isEqualTo("cpus:0.5;mem:256;disk:1024;ports:[31000-31099]");
        assertThat(t.agents().get(1).attributes().asMap())
                .containsExactly(Map.entry("rack", "b"), Map.entry("level", "0.8"), Map.entry("slots", "[1-4]"));
        assertThat(t.agents().get(1).resources().asMap())
                .containsEntry("gpus", "1")
                .containsEntry("cpus", "1");
        assertThat(t.marathon().principal()).isEqualTo("harness");
        assertThat(t.marathon().features()).containsExactly("vips", "task_killing");
        assertThat(t.marathon().minReviveOffersInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.marathon().flags())
                .containsExactly(Map.entry("decline_offer_duration", "1000"), Map.entry("disable_http", ""));
        assertThat(t.zookeeper().image()).contains("zookeeper:3.9");
        assertThat(t.masterSettings().agentPingTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(t.masterSettings().maxAgentPingTimeouts()).isEqualTo(5);
        assertThat(t.masterSettings().registry()).isEqualTo(MasterSettings.Registry.IN_MEMORY);

        assertThat(TopologyFiles.parseYaml(t.toYaml(), "again.yml")).isEqualTo(t);
    }

    @Test
    void featuresMayBeACommaList() {
        Topology t = TopologyFiles.parseYaml("agents: [{name: a}]\nmarathon: {features: \"vips, secrets\"}\n", "f.yml");

        assertThat(t.marathon().features()).containsExactly("vips", "secrets");
    }

    @Test
    void toYamlRoundTrips() {
        Topology prodLike = TopologyFiles.loadResource("topology/prod-like.yml");
        Topology odd = Topology.builder()
                .name("odd.name_1")
                .masters(3)
                .quorum(3)
                .agent(AgentGroup.named("n1")
                        .attributes("yes:no;on:off;num:1;r:[10-20,30-40]")
                        .resources("cpus:1.25"))
                .marathon(
                        m -> m.minReviveOffersInterval(Duration.ofMillis(1500)).flag("max_instances_per_offer", "5"))
                .masterSettings(s -> s.agentPingTimeout(Duration.ofMinutes(2)).flag("offer_timeout", "30secs"))
                .agentFlag("gc_delay", "1days")
                .agent(AgentGroup.named("n2").flag("gc_delay", "2days").flag("docker_stop_timeout", "false"))
                .build();

        for (Topology t : new Topology[] {Topology.defaultTopology(), prodLike, odd}) {
            String yaml = t.toYaml();
            assertThat(TopologyFiles.parseYaml(yaml, "round-trip.yml")).as(yaml).isEqualTo(t);
        }
        assertThat(prodLike.toYaml())
                .startsWith("name: prod-like\nmasters: 3\nagents:\n  - name: compute\n    count: 3\n");
        assertThat(odd.toYaml())
                .contains("quorum: 3")
                .contains("minReviveOffersInterval: 1500ms")
                .contains("agentPingTimeout: 2m");
    }

    @Test
    void badAttributesNameFileLineFieldAndValue() {
        String yaml = String.join(
                "\n",
                "name: prod-like",
                "masters: 3",
                "agents:",
                "  - name: compute",
                "    attributes: \"rack:a\"",
                "  - name: storage",
                "    attributes: rack=a",
                "");

        assertThatThrownBy(() -> TopologyFiles.parseYaml(yaml, "prod-like.yml"))
                .isInstanceOf(TopologyException.class)
                .hasMessageStartingWith("prod-like.yml line 7, agents[1].attributes: ")
                .hasMessageContaining("'rack=a'")
                .hasMessageContaining("expected name:value")
                .satisfies(e -> {
                    TopologyException te = (TopologyException) e;
                    assertThat(te.source()).contains("prod-like.yml");
                    assertThat(te.line()).hasValue(7);
                    assertThat(te.path()).isEqualTo("agents[1].attributes");
                });
    }

    @Test
    void invalidTopologiesNameFileLineFieldAndValue() {
        assertYamlError(
                "masters: 0\nagents: [{name: a}]\n",
                "t.yml line 1, masters: must be 1 or an odd number " + "of at least 3, was 0");
        assertYamlError(
                "masters: 2\nagents: [{name: a}]\n",
                "t.yml line 1, masters: must be 1 or an odd number of " + "at least 3, was 2");
        assertYamlError(
                "masters: three\nagents: [{name: a}]\n",
                "t.yml line 1, masters: expected a whole number, " + "got 'three'");
        assertYamlError(
                "masters: 3\nquorum: 1\nagents: [{name: a}]\n",
                "t.yml line 2, quorum: must be a majority of " + "the 3 masters (2 to 3), was 1");
        assertYamlError(
                "agents:\n  - name: a\n  - name: b\n  - name: a\n",
                "t.yml line 4, agents[2].name: duplicate " + "agent name 'a' (also agents[0])");
        assertYamlError(
                "agents:\n  - name: a\n    count: 2\n  - name: a-2\n",
                "t.yml line 4, agents[1].name: host "
                        + "name 'a-2' of agent 'a-2' is also a host name of agents[0] ('a')");
        assertYamlError(
                "agents:\n  - name: a\n    count: 0\n",
                "t.yml line 3, agents[0].count: must be at least 1, " + "was 0");
        assertYamlError("agents:\n  - name: Web_1\n", "t.yml line 2, agents[0].name: 'Web_1' is not a valid host name");
        assertYamlError("agents:\n  - count: 2\n", "t.yml line 2, agents[0].name: missing: every agent needs a name");
        assertYamlError(
                "agents:\n  - name: a\n    resources: \"cpus:1;mem=512\"\n",
                "t.yml line 3, agents[0].resources: Bad Mesos resources 'cpus:1;mem=512': 'mem=512' has no ':'");
        assertYamlError(
                "agents:\n  - name: a\n    resources: {cpus: 0}\n",
                "t.yml line 3, agents[0].resources: Agent resources 'cpus:0;mem:512;disk:1024;ports:[31000-31099]' have "
                        + "no (positive) cpus");
        assertYamlError(
                "agents:\n  - name: a\n    resources:\n      mem: 0\n",
                "t.yml line 4, agents[0].resources: "
                        + "Agent resources 'cpus:1;mem:0;disk:1024;ports:[31000-31099]' have no (positive) mem");
        assertYamlError(
                "agents:\n  - name: a\n    attributes: {rack: {x: 1}}\n",
                "t.yml line 3, " + "agents[0].attributes.rack: expected a text or number value, got a mapping");
        assertYamlError(
                "agents:\n  - name: a\n    attributes: \"disks:{a,b}\"\n",
                "t.yml line 3, agents[0].attributes: "
                        + "Bad Mesos attributes 'disks:{a,b}': attribute 'disks' has the set value '{a,b}'");
        assertYamlError(
                "agents: [{name: a}]\nmarathon:\n  role: \"*\"\n",
                "t.yml line 3, marathon.role: role '*' is " + "not allowed");
        assertYamlError(
                "agents: [{name: a}]\nmarathon:\n  features: [vips, task_kiling]\n",
                "t.yml line 3, " + "marathon.features: unknown feature 'task_kiling' (did you mean 'task_killing'?)");
        assertYamlError(
                "agents: [{name: a}]\nmarathon:\n  minReviveOffersInterval: 500\n",
                "t.yml line 3, "
                        + "marathon.minReviveOffersInterval: bad duration '500': expected a number with a unit, e.g. 500ms");
        assertYamlError(
                "agents: [{name: a}]\nmarathon:\n  flags:\n    mesos_role: x\n",
                "t.yml line 4, "
                        + "marathon.flags.mesos_role: flag 'mesos_role' is not allowed here; use marathon.role instead");
        assertYamlError(
                "agents: [{name: a}]\nmasterSettings:\n  registry: zookeeper\n",
                "t.yml line 3, "
                        + "masterSettings.registry: bad registry 'zookeeper': expected replicated_log or in_memory");
        assertYamlError("name: x\n", "t.yml line 1, agents: at least one agent is needed");
        assertYamlError("agents: a1\n", "t.yml line 1, agents: expected a list of agents (- name: ...), got 'a1'");
    }

    @Test
    void unknownFieldsNameTheAllowedOnesAndTheClosest() {
        assertYamlError(
                "name: x\nagents:\n  - name: a\n    atributes: \"rack:a\"\n",
                "t.yml line 4, "
                        + "agents[0].atributes: unknown field 'atributes' (did you mean 'attributes'?); allowed: name, count, "
                        + "attributes, resources, flags");
        assertYamlError(
                "agent:\n  - name: a\n",
                "t.yml line 1, agent: unknown field 'agent' (did you mean 'agents'?); "
                        + "allowed: name, masters, quorum, agents, agentFlags, marathon, zookeeper, masterSettings");
        assertYamlError(
                "agents: [{name: a}]\nmarathon:\n  min_revive_offers_interval: 1s\n",
                "t.yml line 3, "
                        + "marathon.min_revive_offers_interval: unknown field 'min_revive_offers_interval' (did you mean "
                        + "'minReviveOffersInterval'?)");
        assertYamlError(
                "agents: [{name: a}]\ncolour: blue\n", "t.yml line 2, colour: unknown field 'colour'; allowed: ");
        assertYamlError("all:\n  children: {}\n", "this looks like an Ansible YAML inventory");
    }

    @Test
    void syntaxErrorsAndOddDocumentsAreLocated() {
        assertYamlError(
                "agents: [ { name: a }\n",
                "t.yml line 1: invalid YAML: while parsing a flow sequence; " + "expected ',' or ']'");
        assertYamlError("", "t.yml line 1: empty topology file; expected the fields name, masters");
        assertYamlError("- a\n- b\n", "t.yml line 1: expected a mapping with the fields name, masters, quorum");
        assertYamlError(
                "name: a\nname: b\nagents: [{name: a}]\n",
                "t.yml line 2, name: field 'name' is given twice " + "(also line 1)");
        assertYamlError("agents: [{name: a}]\n---\nagents: [{name: b}]\n", "t.yml line 3: more than one YAML document");
        assertYamlError(
                "name: a\nagents: [{name: a}]\n\tmasters: 3\n",
                "t.yml line 3: invalid YAML: while scanning for the next token; found character '\\t(TAB)'");
        assertYamlError(
                "agents: [{name: a}]\nmasters: [3]\n",
                "t.yml line 2, masters: expected a text or number value, got a list");
    }

    @Test
    void emptyAttributeAndResourceEntriesNameFieldLineAndValue() {
        assertYamlError(
                "agents:\n  - name: a1\n    attributes: \"rack:a;;\"\n",
                "t.yml line 3, agents[0].attributes: Bad Mesos attributes 'rack:a;;': entry 2 of 3 is empty");
        assertYamlError(
                "agents:\n  - name: a1\n    resources: \";cpus:1\"\n",
                "t.yml line 3, agents[0].resources: Bad Mesos resources ';cpus:1': entry 1 of 2 is empty");
    }

    @Test
    void badZooKeeperImageNamesFileLineAndValue() {
        assertYamlError(
                "agents: [{name: a}]\nzookeeper:\n  image: \"local/x:\"\n",
                "t.yml line 3, zookeeper.image: bad image 'local/x:': it ends in ':' without a tag");
    }

    @Test
    void mesosFlagsAreReadPerTopologyAndPerAgentGroup() {
        String yaml = String.join(
                "\n",
                "agentFlags:",
                "  gc_delay: 1days",
                "  fetcher_cache_size: 1GB",
                "agents:",
                "  - name: a1",
                "  - name: b",
                "    count: 2",
                "    flags: { gc_delay: 2days, --executor_shutdown_grace_period: 10secs }",
                "masterSettings:",
                "  flags:",
                "    offer_timeout: 30secs",
                "    authenticate_http_readonly: false",
                "");

        Topology t = TopologyFiles.parseYaml(yaml, "t.yml");

        assertThat(t.masterSettings().flags().asMap())
                .containsExactly(
                        Map.entry("offer_timeout", "30secs"), Map.entry("authenticate_http_readonly", "false"));
        assertThat(t.agentFlags().asMap()).containsOnlyKeys("gc_delay", "fetcher_cache_size");
        assertThat(t.agents().get(1).flags().asMap())
                .containsExactly(Map.entry("gc_delay", "2days"), Map.entry("executor_shutdown_grace_period", "10secs"));
        assertThat(t.expandedAgents().get(0).flags().asMap())
                .containsExactly(Map.entry("gc_delay", "1days"), Map.entry("fetcher_cache_size", "1GB"));
        assertThat(t.expandedAgents().get(2).flags().asMap())
                .as("the group's gc_delay wins over the topology's")
                .containsExactly(
                        Map.entry("gc_delay", "2days"),
                        Map.entry("fetcher_cache_size", "1GB"),
                        Map.entry("executor_shutdown_grace_period", "10secs"));
        assertThat(TopologyFiles.parseYaml(t.toYaml(), "again.yml")).isEqualTo(t);
    }

    @Test
    void flagsTheHarnessOwnsNameTheSettingToUseWithFileAndLine() {
        assertYamlError(
                "agents:\n  - name: a1\n    flags:\n      hostname: web-1\n",
                "t.yml line 4, agents[0].flags.hostname: --hostname is set by the harness from the agent's name:"
                        + " use name:");
        assertYamlError(
                "agents: [{name: a1}]\nagentFlags:\n  attributes: rack:a\n",
                "t.yml line 3, agentFlags.attributes: --attributes is set by the harness from the agent's"
                        + " attributes: use attributes:");
        assertYamlError(
                "agents: [{name: a1}]\nmasterSettings:\n  flags:\n    quorum: 2\n",
                "t.yml line 4, masterSettings.flags.quorum: --quorum is set by the harness from the number of"
                        + " masters: use quorum:");
        assertYamlError(
                "agents: [{name: a1}]\nmasterSettings:\n  flags:\n    agent_ping_timeout: 5secs\n",
                "masterSettings.flags.agent_ping_timeout: --agent_ping_timeout is set by"
                        + " masterSettings.agentPingTimeout: use agentPingTimeout:");
        assertYamlError(
                "agents: [{name: a1}]\nagentFlags:\n  gc_delay:\n",
                "t.yml line 3, agentFlags.gc_delay: --gc_delay has no value; give one (true or false for a switch)");
        assertYamlError(
                "agents: [{name: a1}]\nagentFlags:\n  Bad-Name: 1\n",
                "t.yml line 3, agentFlags.Bad-Name: bad mesos-agent flag name 'Bad-Name'");
        assertYamlError(
                "agents: [{name: a1}]\nagentFlags: gc_delay=1days\n",
                "t.yml line 2, agentFlags: expected a mapping of flag name to value, got 'gc_delay=1days'");
    }

    private static void assertYamlError(String yaml, String messageStart) {
        assertThatThrownBy(() -> TopologyFiles.parseYaml(yaml, "t.yml"))
                .isInstanceOf(TopologyException.class)
                .message()
                .contains(messageStart);
    }
}
