package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.containers.MesosAttributes;
import io.mesosharness.containers.MesosResources;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TopologyBuilderTest {

    @Test
    void aZeroReviveIntervalIsRefusedByTheTopologyNotLaterByTheContainer() {
        assertThatThrownBy(() -> MarathonSettings.defaults().minReviveOffersInterval(java.time.Duration.ZERO))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("marathon.minReviveOffersInterval")
                .hasMessageContaining("must be more than 0, was 0");
    }

    @Test
    void fluentBuilderGivesTheTopologyAskedFor() {
        Topology t = Topology.builder()
                .name("x")
                .masters(3)
                .agent("a1", "rack:a;zone:eu-1")
                .agent(AgentGroup.named("compute").count(3).attributes("rack:a").resources("cpus:2;mem:2048"))
                .marathon(m -> m.role("test"))
                .build();

        assertThat(t.name()).isEqualTo("x");
        assertThat(t.masters()).isEqualTo(3);
        assertThat(t.quorum()).isEqualTo(2);
        assertThat(t.agents()).extracting(AgentGroup::name).containsExactly("a1", "compute");
        assertThat(t.agents().get(0).attributes().asMap())
                .containsExactly(Map.entry("rack", "a"), Map.entry("zone", "eu-1"));
        AgentGroup compute = t.agents().get(1);
        assertThat(compute.count()).isEqualTo(3);
        assertThat(compute.resources().asMap())
                .containsExactly(
                        Map.entry("cpus", "2"),
                        Map.entry("mem", "2048"),
                        Map.entry("disk", "1024"),
                        Map.entry("ports", "[31000-31099]"));
        assertThat(t.marathon().role()).isEqualTo("test");
        assertThat(t.marathon().principal()).isEqualTo("marathon");
    }

    @Test
    void defaultsAreSmallFastAndUsableForPersistentVolumes() {
        Topology t = Topology.builder().agent(AgentGroup.named("a")).build();

        assertThat(t.name()).isEqualTo("mesos-harness");
        assertThat(t.masters()).isEqualTo(1);
        assertThat(t.quorum()).isEqualTo(1);
        assertThat(t.agents().get(0).resources().render()).isEqualTo("cpus:1;mem:512;disk:1024;ports:[31000-31099]");
        assertThat(t.agents().get(0).attributes().isEmpty()).isTrue();
        MarathonSettings m = t.marathon();
        assertThat(m.role()).isEqualTo("marathon");
        assertThat(m.principal()).isEqualTo("marathon");
        assertThat(m.features()).isEmpty();
        assertThat(m.minReviveOffersInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(m.flags()).isEmpty();
        assertThat(t.zookeeper().image()).isEmpty();
        MasterSettings s = t.masterSettings();
        assertThat(s.agentPingTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxAgentPingTimeouts()).isEqualTo(3);
        assertThat(s.registry()).isEqualTo(MasterSettings.Registry.REPLICATED_LOG);
        assertThat(s.registry().flagValue()).isEqualTo("replicated_log");
    }

    @Test
    void defaultTopologyHasOneMasterAndThreeAgentsOnTwoRacks() {
        Topology t = Topology.defaultTopology();

        assertThat(t.masters()).isEqualTo(1);
        assertThat(t.expandedAgents()).extracting(AgentSpec::hostname).containsExactly("a1", "a2", "b1");
        assertThat(t.expandedAgents())
                .extracting(a -> a.attributes().render())
                .containsExactly("rack:a", "rack:a", "rack:b");
        assertThat(t.marathon()).isEqualTo(MarathonSettings.defaults());
    }

    @Test
    void expandedAgentsHaveUniqueHostnamesDerivedFromTheGroupName() {
        Topology t = Topology.builder()
                .agent(AgentGroup.named("compute").count(3).attributes("rack:a"))
                .agent(AgentGroup.named("storage").attributes("rack:b"))
                .build();

        assertThat(t.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactly("compute-1", "compute-2", "compute-3", "storage");
        assertThat(t.expandedAgents())
                .extracting(AgentSpec::group)
                .containsExactly("compute", "compute", "compute", "storage");
        assertThat(t.expandedAgents()).extracting(AgentSpec::index).containsExactly(1, 2, 3, 1);
        assertThat(t.expandedAgents().get(1).attributes()).isEqualTo(MesosAttributes.parse("rack:a"));
        assertThat(t.expandedAgents())
                .allSatisfy(a -> assertThat(a.hostname()).matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?"));
        assertThat(t.agents().get(0).hostnames()).containsExactly("compute-1", "compute-2", "compute-3");
    }

    @Test
    void equalTopologiesAreEqualAndHashAlikeSoTheyCanShareACluster() {
        Topology one = Topology.builder()
                .name("p")
                .masters(3)
                .agent(AgentGroup.named("c")
                        .count(2)
                        .attributes("rack:a;zone:z1")
                        .resources("cpus:2"))
                .marathon(m -> m.role("r").features("vips"))
                .build();
        Topology same = Topology.builder()
                .name("p")
                .masters(3)
                .quorum(2)
                .agent(AgentGroup.named("c")
                        .attributes(Map.of("zone", "z1", "rack", "a"))
                        .count(2)
                        .resources("mem:512;cpus:2.0"))
                .marathon(m -> m.features("vips").role("r"))
                .build();
        Topology other = one.toBuilder().marathon(m -> m.role("s")).build();

        assertThat(same).isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(other).isNotEqualTo(one);
        assertThat(one.toBuilder().build()).isEqualTo(one);
        assertThat(Topology.builder()
                        .agent("a1", "rack:a")
                        .agent("a2", "rack:a")
                        .agent("b1", "rack:b")
                        .build())
                .isEqualTo(Topology.defaultTopology());
        Map<Topology, String> cache = new HashMap<>();
        cache.put(one, "cluster-1");
        assertThat(cache.get(same)).isEqualTo("cluster-1");
        assertThat(cache.get(other)).isNull();
    }

    @Test
    void quorumMayBeOverriddenWithinTheMajority() {
        assertThat(Topology.builder()
                        .masters(5)
                        .quorum(4)
                        .agent("a", "")
                        .build()
                        .quorum())
                .isEqualTo(4);
        assertThat(Topology.builder().masters(5).agent("a", "").build().quorum())
                .isEqualTo(3);
    }

    @Test
    void badTopologiesAreRejectedNamingFieldAndValue() {
        assertError(
                () -> Topology.builder().masters(0).agent("a", "").build(),
                "masters",
                "masters: must be 1 or an odd number of at least 3, was 0");
        assertError(
                () -> Topology.builder().masters(2).agent("a", "").build(),
                "masters",
                "masters: must be 1 or an odd number of at least 3, was 2 (2 masters tolerate no more failures than 1)");
        assertError(
                () -> Topology.builder().masters(3).quorum(1).agent("a", "").build(),
                "quorum",
                "quorum: must be a majority of the 3 masters (2 to 3), was 1");
        assertError(() -> Topology.builder().masters(3).quorum(4).agent("a", "").build(), "quorum", "was 4");
        assertError(() -> Topology.builder().build(), "agents", "agents: at least one agent is needed");
        assertError(
                () -> Topology.builder().agent("a", "").agent("a", "rack:b").build(),
                "agents[1].name",
                "duplicate agent name 'a' (also agents[0])");
        assertError(
                () -> Topology.builder()
                        .agent(AgentGroup.named("a").count(2))
                        .agent("a-2", "")
                        .build(),
                "agents[1].name",
                "host name 'a-2' of agent 'a-2' is also a host name of agents[0] ('a')");
        assertError(() -> Topology.builder().name("bad name").agent("a", "").build(), "name", "bad name 'bad name'");
    }

    @Test
    void badAgentGroupsAreRejectedNamingFieldAndValue() {
        assertError(
                () -> AgentGroup.named("compute").count(0),
                "agents[compute].count",
                "agents[compute].count: must be at least 1, was 0");
        assertError(
                () -> AgentGroup.named("Compute_1"), "agents[Compute_1].name", "'Compute_1' is not a valid host name");
        assertError(() -> AgentGroup.named("Compute_1"), "agents[Compute_1].name", "e.g. 'compute-1'");
        assertError(() -> AgentGroup.named("marathon"), "agents[marathon].name", "reserved");
        assertError(() -> AgentGroup.named("master-2"), "agents[master-2].name", "reserved");
        assertError(() -> AgentGroup.named("a").attributes("rack=a"), "agents[a].attributes", "'rack=a'");
        assertError(() -> AgentGroup.named("a").attributes("disks:{a,b}"), "agents[a].attributes", "set value");
        assertError(() -> AgentGroup.named("a").resources("cpus:two"), "agents[a].resources", "'two'");
        assertError(() -> AgentGroup.named("a").resources("cpus:0"), "agents[a].resources", "no (positive) cpus");
        assertError(() -> AgentGroup.named("a").resources("mem:0"), "agents[a].resources", "no (positive) mem");
        assertError(() -> AgentGroup.named("a").resources("cpus:[1-2]"), "agents[a].resources", "not a scalar");
    }

    @Test
    void badSettingsAreRejectedNamingFieldAndValue() {
        assertError(() -> MarathonSettings.defaults().role("*"), "marathon.role", "role '*' is not allowed");
        assertError(() -> MarathonSettings.defaults().role("-x"), "marathon.role", "bad role '-x'");
        assertError(() -> MarathonSettings.defaults().principal("a b"), "marathon.principal", "'a b'");
        assertError(
                () -> MarathonSettings.defaults().feature("task_kiling"),
                "marathon.features",
                "unknown feature 'task_kiling' (did you mean 'task_killing'?)");
        assertError(
                () -> MarathonSettings.defaults().flag("mesos_role", "x"),
                "marathon.flags.mesos_role",
                "use marathon.role instead");
        assertError(
                () -> MarathonSettings.defaults().flag("--zk", "zk://x"), "marathon.flags.zk", "set by the harness");
        assertError(
                () -> MarathonSettings.defaults().flag("hostname", "x"),
                "marathon.flags.hostname",
                "set by the harness");
        assertError(() -> MarathonSettings.defaults().flag("Bad-Flag", "1"), "marathon.flags.Bad-Flag", "'Bad-Flag'");
        assertError(
                () -> MarathonSettings.defaults().minReviveOffersInterval(Duration.ofMillis(-1)),
                "marathon.minReviveOffersInterval",
                "must be more than 0, was -1ms");
        assertError(
                () -> MasterSettings.defaults().maxAgentPingTimeouts(0),
                "masterSettings.maxAgentPingTimeouts",
                "was 0");
        assertError(
                () -> MasterSettings.defaults().agentPingTimeout(Duration.ZERO),
                "masterSettings.agentPingTimeout",
                "must be more than 0, was 0s");
        assertError(() -> ZooKeeperSettings.withImage("bad image"), "zookeeper.image", "'bad image'");
        assertError(
                () -> ZooKeeperSettings.withImage("local/x:"),
                "zookeeper.image",
                "bad image 'local/x:': it ends in ':' without a tag");
        assertError(
                () -> ZooKeeperSettings.withImage("Not A::Valid Image"),
                "zookeeper.image",
                "bad image 'Not A::Valid Image': an image name has no spaces");
    }

    @Test
    void settingsKeepWhatWasSet() {
        MarathonSettings m = MarathonSettings.defaults()
                .role("test")
                .principal("p")
                .features("vips", "task_killing")
                .minReviveOffersInterval(Duration.ofSeconds(2))
                .flag("--decline_offer_duration", "1000")
                .flag("disable_http", "");

        assertThat(m.features()).containsExactly("vips", "task_killing");
        assertThat(m.flags())
                .containsExactly(Map.entry("decline_offer_duration", "1000"), Map.entry("disable_http", ""));
        MasterSettings s = MasterSettings.defaults()
                .agentPingTimeout(Duration.ofMillis(500))
                .registry(MasterSettings.Registry.IN_MEMORY);
        assertThat(s.agentPingTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.registry().flagValue()).isEqualTo("in_memory");
        assertThat(ZooKeeperSettings.withImage("zookeeper:3.9").image()).contains("zookeeper:3.9");
    }

    @Test
    void describeSummarisesTheTopologyInOneParagraph() {
        Topology t = Topology.builder()
                .name("prod-like")
                .masters(3)
                .agent(AgentGroup.named("compute").count(3).attributes("rack:a;type:compute"))
                .agent(AgentGroup.named("storage").attributes("rack:b"))
                .marathon(m -> m.role("test").features("vips"))
                .build();

        assertThat(t.describe())
                .startsWith("prod-like: ZooKeeper, 3 Mesos masters (quorum 2), 4 agents: ")
                .contains("compute-1..compute-3 (rack:a;type:compute; cpus:1;mem:512;disk:1024;ports:[31000-31099])")
                .contains("storage (rack:b;")
                .endsWith("Marathon with role test and principal marathon, features vips.")
                .doesNotContain("\n");
    }

    @Test
    void typedValuesComeFromTheContainersModule() {
        AgentGroup g = AgentGroup.named("g")
                .attributes(MesosAttributes.parse("level:0.80"))
                .resources(MesosResources.parse("gpus:1"));

        assertThat(g.attributes().asMap()).containsEntry("level", "0.8");
        assertThat(g.resources().asMap()).containsKeys("cpus", "mem", "disk", "ports", "gpus");
        assertThat(List.copyOf(g.resources().asMap().keySet())).startsWith("cpus");
    }

    @Test
    void mesosFlagsAreCheckedWhenSet() {
        Topology t = Topology.builder()
                .agentFlag("--gc_delay", "1days")
                .agent(AgentGroup.named("a1").flag("gc_delay", "3days"))
                .agent(AgentGroup.named("b1"))
                .masterSettings(m -> m.flag("offer_timeout", "30secs"))
                .build();

        assertThat(t.agentFlags().asMap()).containsExactly(Map.entry("gc_delay", "1days"));
        assertThat(t.expandedAgents().get(0).flags().asMap()).containsExactly(Map.entry("gc_delay", "3days"));
        assertThat(t.expandedAgents().get(1).flags().asMap()).containsExactly(Map.entry("gc_delay", "1days"));
        assertThat(t.masterSettings().flags().toString()).isEqualTo("--offer_timeout=30secs");
        assertThat(t.toBuilder().build()).isEqualTo(t);
        assertThat(t)
                .isNotEqualTo(
                        t.toBuilder().agentFlag("fetcher_cache_size", "1GB").build());

        assertError(
                () -> AgentGroup.named("a1").flag("hostname", "x"),
                "agents[a1].flags.hostname",
                "--hostname is set by the harness from the agent's name: use name:");
        assertError(
                () -> AgentGroup.named("a1").flag("resources", "cpus:4"),
                "agents[a1].flags.resources",
                "--resources is set by the harness from the agent's resources: use resources:");
        assertError(
                () -> Topology.builder().agentFlag("master", "zk://elsewhere"),
                "agentFlags.master",
                "--master is set by the harness (the masters' ZooKeeper URL)");
        assertError(
                () -> MasterSettings.defaults().flag("registry", "in_memory"),
                "masterSettings.flags.registry",
                "--registry is set by masterSettings.registry: use registry:");
        assertError(
                () -> MasterSettings.defaults().flag("cluster", "x"),
                "masterSettings.flags.cluster",
                "--cluster is set by the harness from the topology's name: use name:");
        assertError(
                () -> AgentGroup.named("a1").flag("no-switch_user", "true"),
                "agents[a1].flags.no-switch_user",
                "(write a false switch as switch_user: false)");
        assertError(
                () -> AgentGroup.named("a1").flag("gc_delay", "1days").flag("gc_delay", "2days"),
                "agents[a1].flags.gc_delay",
                "--gc_delay is given twice: '1days' and '2days'");
        assertError(
                () -> MasterSettings.defaults().flag("offer_timeout", " "),
                "masterSettings.flags.offer_timeout",
                "--offer_timeout has no value");
    }

    static void assertError(Runnable action, String path, String messagePart) {
        assertThatThrownBy(action::run)
                .isInstanceOf(TopologyException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(messagePart)
                .satisfies(e -> assertThat(((TopologyException) e).path()).isEqualTo(path));
    }
}
