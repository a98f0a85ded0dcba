package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** Flag rendering, validation and readiness parsing of the four containers, without starting any. */
@Tag("unit")
class ContainerConfigurationTest {

    private static final DockerImageName MASTER = DockerImageName.parse("mesosphere/mesos-master:1.7.0");
    private static final DockerImageName AGENT = DockerImageName.parse("mesosphere/mesos-slave:1.7.0");
    private static final DockerImageName MARATHON = DockerImageName.parse("mesosphere/marathon:v1.11.24");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> args(org.testcontainers.containers.GenericContainer<?> c) {
        return Arrays.asList(c.getCommandParts());
    }

    @Test
    void masterDefaultsAndSetters() {
        try (MesosMasterContainer master = new MesosMasterContainer(MASTER)) {
            assertThat(master.getHostname()).startsWith("mesos-master-");
            assertThat(args(master))
                    .contains(
                            "--hostname=" + master.getHostname(),
                            "--no-hostname_lookup",
                            "--port=5050",
                            "--agent_ping_timeout=1secs",
                            "--max_agent_ping_timeouts=3",
                            "--registry=replicated_log",
                            "--work_dir=/var/lib/mesos/master",
                            "--quorum=1");
            assertThat(master.getExecutable()).containsExactly("mesos-master");
            master.withZooKeeper("zk://zk:2181/mesos")
                    .withQuorum(2)
                    .withClusterName("c1")
                    .withHostname("m1")
                    .withAgentPingTimeout(Duration.ofMillis(500))
                    .withMaxAgentPingTimeouts(5)
                    .withFlag("allocation_interval", "100ms")
                    .withFlag("authenticate_agents", "false");
            assertThat(args(master))
                    .contains(
                            "--zk=zk://zk:2181/mesos",
                            "--quorum=2",
                            "--cluster=c1",
                            "--hostname=m1",
                            "--agent_ping_timeout=500ms",
                            "--max_agent_ping_timeouts=5",
                            "--allocation_interval=100ms",
                            "--no-authenticate_agents");
            assertThat(args(master)).allMatch(a -> a.startsWith("--") && !a.contains(" "));
            assertThat(master.getNetworkAliases()).contains("m1").noneMatch(a -> a.startsWith("mesos-master-"));
            assertThat(master.getInternalUrl()).isEqualTo("http://m1:5050");
            assertThat(master.getEnvMap().keySet()).noneMatch(k -> k.startsWith("MESOS_"));
            master.withRegistry(MesosMasterContainer.Registry.IN_MEMORY);
            assertThat(args(master))
                    .contains("--registry=in_memory")
                    .noneMatch(a -> a.startsWith("--work_dir") || a.startsWith("--quorum"));
        }
    }

    @Test
    void masterFlagValidation() {
        try (MesosMasterContainer master = new MesosMasterContainer(MASTER)) {
            assertThatThrownBy(() -> master.withFlag("Work-Dir", "/x"))
                    .hasMessageContaining("Bad flag name 'Work-Dir'");
            assertThatThrownBy(() -> master.withFlag("--zk", "x")).hasMessageContaining("without the leading --");
            assertThatThrownBy(() -> master.withFlag("no-hostname_lookup", ""))
                    .hasMessageContaining("withFlag(\"hostname_lookup\", \"false\")");
            assertThatThrownBy(() -> master.withFlag("zk", "zk://a:1/b"))
                    .hasMessageContaining("Flag --zk of mesos-master is set by withZooKeeper(String)");
            assertThatThrownBy(() -> master.withFlag("quorum", "3"))
                    .hasMessageContaining("--quorum")
                    .hasMessageContaining("withQuorum(int)");
            master.withFlag("allocation_interval", "1secs").withFlag("allocation_interval", "1secs");
            assertThatThrownBy(() -> master.withFlag("allocation_interval", "2secs"))
                    .hasMessageContaining(
                            "--allocation_interval of mesos-master is set twice: '1secs' and then '2secs'");
            master.withQuorum(2);
            assertThatThrownBy(master::configure)
                    .hasMessageContaining("Bad quorum 2")
                    .hasMessageContaining("withZooKeeper");
        }
    }

    @Test
    void incompatibleImagesAreRejectedWithTheSubstituteHint() {
        assertThatThrownBy(() -> new MesosMasterContainer(DockerImageName.parse("example/other:1")))
                .hasMessageContaining("example/other:1")
                .hasMessageContaining("asCompatibleSubstituteFor");
        assertThatThrownBy(() -> new MesosAgentContainer(DockerImageName.parse("example/other:1")))
                .hasMessageContaining("mesosphere/mesos-slave");
        assertThatThrownBy(() -> new MarathonContainer(DockerImageName.parse("example/other:1")))
                .hasMessageContaining("mesosphere/marathon");
        assertThatThrownBy(() -> new ZooKeeperContainer(DockerImageName.parse("example/other:1")))
                .hasMessageContaining("zookeeper");
        new MesosAgentContainer(
                        DockerImageName.parse("example/mesos:1.12").asCompatibleSubstituteFor("mesosphere/mesos-slave"))
                .close();
    }

    @Test
    void agentDefaultsAndSetters() {
        try (MesosAgentContainer agent = new MesosAgentContainer(AGENT)) {
            assertThat(args(agent))
                    .contains(
                            "--launcher=posix",
                            "--isolation=posix/cpu,posix/mem,filesystem/posix,volume/sandbox_path",
                            "--no-systemd_enable_support",
                            "--no-switch_user",
                            "--port=5051",
                            "--no-hostname_lookup",
                            "--resources=" + MesosResources.AGENT_DEFAULT,
                            "--work_dir=/var/lib/mesos/agent-" + agent.getHostname())
                    .noneMatch(a -> a.startsWith("--attributes") || a.startsWith("--containerizers"));
            assertThat(agent.getExecutable()).containsExactly("mesos-agent");
            agent.withMaster("zk://zk:2181/mesos")
                    .withHostname("agent-a")
                    .withAttributes("rack:a;zone:z1")
                    .withResources("cpus:2;mem:1024;disk:4096;ports:[31000-31099]")
                    .withFlag("strict", "false");
            assertThat(args(agent))
                    .contains(
                            "--master=zk://zk:2181/mesos",
                            "--hostname=agent-a",
                            "--attributes=rack:a;zone:z1",
                            "--resources=cpus:2;mem:1024;disk:4096;ports:[31000-31099]",
                            "--work_dir=/var/lib/mesos/agent-agent-a",
                            "--no-strict");
            assertThat(agent.getAttributes()).isEqualTo(MesosAttributes.parse("rack:a;zone:z1"));
            assertThat(agent.getResources().scalar("cpus")).isEqualTo(2);
            assertThat(agent.getNetworkAliases()).contains("agent-a");
            agent.withWorkDir("/tmp/agents/a").withHostname("agent-b").withDockerContainerizer();
            assertThat(args(agent))
                    .contains(
                            "--work_dir=/tmp/agents/a",
                            "--containerizers=docker,mesos",
                            "--no-docker_kill_orphans",
                            "--docker_remove_delay=10secs");
            assertThat(agent.getNetworkAliases()).contains("agent-b").doesNotContain("agent-a");
            assertThat(agent.usesDockerContainerizer()).isTrue();
        }
    }

    @Test
    void agentFlagValidation() {
        try (MesosAgentContainer agent = new MesosAgentContainer(AGENT)) {
            assertThatThrownBy(() -> agent.withAttributes("rack:{a,b}")).hasMessageContaining("crash at startup");
            assertThatThrownBy(() -> agent.withFlag("resources", "cpus:1"))
                    .hasMessageContaining("set by withResources(MesosResources)");
            assertThatThrownBy(() -> agent.withFlag("launcher", "linux"))
                    .hasMessageContaining("--launcher")
                    .hasMessageContaining("posix launcher");
            assertThatThrownBy(agent::configure)
                    .hasMessageContaining("has no master")
                    .hasMessageContaining(agent.getHostname());
        }
    }

    @Test
    void marathonDefaultsAndSetters() {
        try (MarathonContainer marathon = new MarathonContainer(MARATHON)) {
            assertThat(args(marathon))
                    .contains(
                            "--hostname=" + marathon.getHostname(),
                            "--http_port=8080",
                            "--mesos_role=marathon",
                            "--mesos_authentication_principal=marathon",
                            "--min_revive_offers_interval=500")
                    .noneMatch(a -> a.startsWith("--enable_features") || a.startsWith("--event_subscriber"));
            assertThat(marathon.getEnvMap()).containsEntry("JAVA_OPTS", MarathonContainer.DEFAULT_JAVA_OPTS);
            assertThat(marathon.getEnvMap().keySet()).noneMatch(k -> k.startsWith("MARATHON_"));
            marathon.withMaster("zk://zk:2181/mesos")
                    .withZooKeeper("zk://zk:2181/marathon-c1")
                    .withRole("ops")
                    .withPrincipal("ops-principal")
                    .withFeatures("task_killing", "external_volumes")
                    .withHostname("marathon-c1")
                    .withMinReviveOffersInterval(Duration.ofSeconds(1))
                    .withFlag("disable_ha", "")
                    .withFlag("task_launch_timeout", "86400000");
            assertThat(args(marathon))
                    .contains(
                            "--master=zk://zk:2181/mesos",
                            "--zk=zk://zk:2181/marathon-c1",
                            "--mesos_role=ops",
                            "--mesos_authentication_principal=ops-principal",
                            "--enable_features=task_killing,external_volumes",
                            "--hostname=marathon-c1",
                            "--min_revive_offers_interval=1000",
                            "--disable_ha",
                            "--task_launch_timeout=86400000");
            assertThat(args(marathon)).allMatch(a -> a.startsWith("--") && !a.contains(" "));
            assertThat(marathon.getNetworkAliases()).contains("marathon-c1");
        }
    }

    @Test
    void marathonFlagValidation() {
        try (MarathonContainer marathon = new MarathonContainer(MARATHON)) {
            assertThatThrownBy(() -> marathon.withFlag("MESOS_ROLE", "x")).hasMessageContaining("'MESOS_ROLE'");
            assertThatThrownBy(() -> marathon.withFlag("mesos_role", "x")).hasMessageContaining("withRole(String)");
            assertThat(MarathonContainer.isRole("a b")).isFalse();
            assertThat(MarathonContainer.isRole("ops")).isTrue();
            assertThatThrownBy(marathon::configure).hasMessageContaining("has no master");
            marathon.withMaster("zk://zk:2181/mesos");
            assertThatThrownBy(marathon::configure).hasMessageContaining("has no state store");
            marathon.withZooKeeper("zk://zk:2181/marathon").withEnv("MARATHON_DISABLE_HA", "");
            assertThatThrownBy(marathon::configure)
                    .hasMessageContaining("MARATHON_DISABLE_HA would become Marathon flag --disable_ha");
        }
        MarathonContainer.checkEnvironment(Map.of("MARATHON_APP_ID", "/x", "JAVA_OPTS", "-Xmx1g"));
    }

    @Test
    void marathonLauncherSetsLibprocessAddressesAndExecsTheEntrypoint() {
        List<String> entrypoint = MarathonContainer.launcherEntrypoint(List.of("./bin/marathon"));
        assertThat(entrypoint)
                .containsExactly("/bin/sh", "-c", MarathonContainer.LAUNCHER_SCRIPT, "marathon", "./bin/marathon");
        assertThat(MarathonContainer.LAUNCHER_SCRIPT)
                .contains("hostname -i", "LIBPROCESS_IP=", "LIBPROCESS_ADVERTISE_IP=")
                .contains("exec \"$@\"");
    }

    @Test
    void marathonRunsTheConfiguredEntrypointElseTheImagesOwn() {
        String[] own = {"/marathon/bin/marathon"};
        assertThat(MarathonContainer.entrypoint(List.of("./bin/start"), own, "m:1"))
                .containsExactly("./bin/start");
        assertThat(MarathonContainer.entrypoint(List.of(), own, "m:1")).containsExactly("/marathon/bin/marathon");
        assertThatThrownBy(() -> MarathonContainer.entrypoint(List.of(), null, "m:1"))
                .hasMessageContaining("Image m:1 has no entrypoint")
                .hasMessageContaining("MESOS_HARNESS_MARATHON_ENTRYPOINT");
        try (MarathonContainer marathon = new MarathonContainer(MARATHON)) {
            assertThat(marathon.getExecutable()).isEmpty();
            assertThat(marathon.withEntrypoint("./bin/start --x").getExecutable())
                    .containsExactly("./bin/start", "--x");
        }
    }

    @Test
    void marathonLauncherScriptRunsInAShell() throws Exception {
        Process p = new ProcessBuilder(MarathonContainer.launcherEntrypoint(
                        List.of("sh", "-c", "echo \"$LIBPROCESS_IP|$LIBPROCESS_ADVERTISE_IP|$1\"", "x", "--flag=1")))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        String[] parts = out.split("\\|");
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isNotEmpty().isEqualTo(parts[1]).doesNotContain(" ");
        assertThat(parts[2]).isEqualTo("--flag=1");
    }

    @Test
    void zooKeeperUrls() {
        try (ZooKeeperContainer zk = new ZooKeeperContainer(DockerImageName.parse("zookeeper:3.9"))) {
            String generated = zk.getNetworkAliases().get(0);
            assertThat(zk.getInternalConnectString()).isEqualTo(generated + ":2181");
            zk.withNetworkAliases("zk");
            assertThat(zk.getInternalConnectString()).isEqualTo("zk:2181");
            assertThat(zk.zkUrl("mesos")).isEqualTo("zk://zk:2181/mesos");
            assertThat(zk.zkUrl("/marathon-c1")).isEqualTo("zk://zk:2181/marathon-c1");
            assertThatThrownBy(() -> zk.zkUrl(" ")).hasMessageContaining("Bad ZooKeeper path ' '");
        }
    }

    @Test
    void logPrefixNamesClusterAndComponent() {
        ComponentLogConsumer logs = new ComponentLogConsumer("mesos-agent", "agent-a");
        assertThat(logs.prefix()).isEqualTo("mesos-harness/agent-a");
        assertThat(logs.withClusterName("c1").prefix()).isEqualTo("c1/agent-a");
    }

    @Test
    void masterLeaderCheckUsesStateAndRedirects() throws IOException {
        String state = resource("captured/mesos-master-state.json");
        assertThat(MesosMasterContainer.leaderProblem(200, null, state)).isEmpty();
        assertThat(MesosMasterContainer.leaderProblem(307, "//mh-master:5050/master/state", ""))
                .isEmpty();
        assertThat(MesosMasterContainer.leaderProblem(503, null, ""))
                .contains("/master/state answered 503 (no leader yet)");
        JsonNode withoutLeader = JSON.readTree(state);
        ((com.fasterxml.jackson.databind.node.ObjectNode) withoutLeader).remove("leader");
        assertThat(MesosMasterContainer.leaderProblem(200, null, withoutLeader.toString()))
                .contains("/master/state has no leader yet");
    }

    @Test
    void agentRegistrationCheckReadsMasterSlaves() throws IOException {
        JsonNode slaves = JSON.readTree(resource("captured/mesos-master-slaves.json"));
        assertThat(MesosAgentContainer.registrationProblem(slaves, "mh-agent-a", MesosAttributes.parse("rack:a")))
                .isEmpty();
        assertThat(MesosAgentContainer.registrationProblem(slaves, "mh-agent-b", MesosAttributes.parse("rack:a")))
                .hasValueSatisfying(p -> assertThat(p).contains("rack=b, expected a"));
        assertThat(MesosAgentContainer.registrationProblem(slaves, "mh-agent-c", MesosAttributes.empty()))
                .contains("the master does not list agent mh-agent-c yet");
        assertThat(MesosAgentContainer.registrationProblem(slaves, "mh-agent-a", MesosAttributes.parse("zone:z1")))
                .hasValueSatisfying(p -> assertThat(p).contains("without attribute 'zone'"));
        JsonNode four = JSON.readTree(resource("captured/faults/A-master-slaves.json"));
        assertThat(MesosAgentContainer.registrationProblem(
                        four, "cf-b2", MesosAttributes.parse("rack:b;zone:z2;disk_type:hdd;gen:3")))
                .isEmpty();
        assertThat(MesosAgentContainer.registrationProblem(four, "cf-b2", MesosAttributes.parse("gen:4")))
                .hasValueSatisfying(p -> assertThat(p).contains("gen=3, expected 4"));
    }

    @Test
    void marathonFrameworkCheckReadsInfo() throws IOException {
        JsonNode info = JSON.readTree(resource("captured/marathon-v2-info.json"));
        assertThat(MarathonContainer.frameworkProblem(info)).isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) info).putNull("frameworkId");
        assertThat(MarathonContainer.frameworkProblem(info))
                .hasValueSatisfying(p -> assertThat(p).contains("no frameworkId"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ContainerConfigurationTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
