package io.mesosharness.cluster;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@code container.type: DOCKER} apps on an agent with the Docker containerizer (docs/DOCKER-APPS.md): BRIDGE with a
 * port mapping and a MESOS_HTTP check, HOST with a MESOS_TCP check, HOST with Marathon's own TCP and readiness checks
 * (and the port forward that serves them ending with the task), a plain command app on the same agent, scaling,
 * an absent image, and zero {@code mesos-*} containers after reset, agent stop and close. The configured agent image
 * must have a docker CLI (and curl, for MESOS_HTTP checks); the app image is the configured ZooKeeper image (present,
 * since the cluster runs it; it has perl). Written against Mesos' documented behaviour; runs wherever the images are.
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterDockerAppsTest {

    static final String DOCKER_AGENT = "dc1";
    private static final Duration REMOVED_WITHIN = Duration.ofSeconds(60); // docker_remove_delay (10 s) + slack

    private static LocalCluster cluster;
    private static List<String> workDirs;
    private static String appImage;

    @BeforeAll
    static void start() {
        HarnessConfiguration config = HarnessConfiguration.load();
        appImage = config.zookeeperImage().asCanonicalNameString();
        cluster = LocalCluster.start(
                Topology.builder()
                        .name("docker-apps")
                        .agent(AgentGroup.named(DOCKER_AGENT).containerizers("docker", "mesos"))
                        .agent(AgentGroup.named("plain"))
                        .build(),
                config,
                System.out::println);
        workDirs = DockerTaskContainers.workDirs(cluster.id());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static MarathonApp bridgeApp(String id, String label) {
        return MarathonApp.fromResource(
                "apps/docker-bridge.json", Map.of("id", id, "image", appImage, "agent", DOCKER_AGENT, "label", label));
    }

    @Test
    @Order(1)
    void onlyTheOptedInAgentIsADockerAgentWithAWorkDirOnTheHost() {
        assertThat(workDirs).hasSize(1);
        assertThat(workDirs.get(0)).endsWith("/agent-" + DOCKER_AGENT);
        assertThat(DockerTaskContainers.existsOnDockerHost(appImage, workDirs.get(0)))
                .isTrue();
    }

    @Test
    @Order(2)
    void aBridgeAppIsHealthyAndAnswersAtTheHostPortMarathonReports() throws Exception {
        Waits.deployAndAwait(cluster, bridgeApp("/bridge", "bridge"));

        assertThat(cluster).app("/bridge").becomesHealthy().hasHealthyInstances(1);
        MarathonTask task = cluster.marathon().appTasks("/bridge").get(0);
        assertThat(task.host()).isEqualTo(DOCKER_AGENT);
        assertThat(task.ports()).hasSize(1);
        assertThat(task.ports().get(0)).isBetween(LocalCluster.FIRST_PORT, 31999);
        assertThat(DockerTaskContainers.get(task.ports().get(0))).isEqualTo("hello from a bridge container");
        assertThat(DockerTaskContainers.runningWithLabel("bridge"))
                .as("the task container, with the Docker label from docker.parameters")
                .hasSize(1);
    }

    @Test
    @Order(3)
    void aHostNetworkAppIsHealthyAndAnswersAtItsPort() throws Exception {
        Waits.deployAndAwait(
                cluster,
                MarathonApp.fromResource(
                        "apps/docker-host.json",
                        Map.of("id", "/host", "image", appImage, "agent", DOCKER_AGENT, "label", "host")));

        assertThat(cluster).app("/host").becomesHealthy().hasHealthyInstances(1);
        MarathonTask task = cluster.marathon().appTasks("/host").get(0);
        assertThat(DockerTaskContainers.get(task.ports().get(0))).isEqualTo("host network");
    }

    @Test
    @Order(4)
    void marathonsOwnTcpAndReadinessChecksReachAHostNetworkAppAndItsForwardEndsWithTheTask() {
        // Marathon connects to dc1:<port> for both checks; the agent forwards the port to the Docker host
        Waits.deployAndAwait(
                cluster,
                MarathonApp.fromResource(
                        "apps/docker-host-marathon-checks.json",
                        Map.of("id", "/host-checks", "image", appImage, "agent", DOCKER_AGENT)));

        assertThat(cluster).app("/host-checks").becomesHealthy().hasHealthyInstances(1);
        int port = cluster.marathon().appTasks("/host-checks").get(0).ports().get(0);
        assertThat(natRules()).contains("--dport " + port + " -j DNAT");

        // a later command task may get this port: its forward must end with the task
        Waits.scaleAndAwait(cluster, "/host-checks", 0);
        Poll.until(
                REMOVED_WITHIN,
                "no forward of port " + port + " left in agent " + DOCKER_AGENT,
                LocalClusterDockerAppsTest::natRules,
                rules -> !rules.contains("--dport " + port + " "),
                rules -> rules);
    }

    private static String natRules() {
        return cluster.agent(DOCKER_AGENT).exec("iptables", "-w", "-t", "nat", "-S");
    }

    @Test
    @Order(5)
    void aCommandAppStillRunsOnTheDockerAgent() {
        // the Mesos containerizer's command executor, over HTTP on a Docker agent (docs/DOCKER-APPS.md)
        Waits.deployAndAwait(
                cluster,
                MarathonApp.command("/plain-on-dc1", "while true; do sleep 5; done")
                        .withConstraint("hostname", "CLUSTER", DOCKER_AGENT));

        assertThat(cluster).app("/plain-on-dc1").hasRunningInstances(1);
    }

    @Test
    @Order(6)
    void scalingOneToThreeToZeroStartsAndRemovesTaskContainers() throws Exception {
        Waits.scaleAndAwait(cluster, "/bridge", 3);

        assertThat(cluster).app("/bridge").becomesHealthy().hasHealthyInstances(3);
        List<Integer> ports = cluster.marathon().appTasks("/bridge").stream()
                .map(t -> t.ports().get(0))
                .toList();
        assertThat(ports).doesNotHaveDuplicates().hasSize(3);
        for (int port : ports) {
            assertThat(DockerTaskContainers.get(port)).isEqualTo("hello from a bridge container");
        }
        assertThat(DockerTaskContainers.runningWithLabel("bridge")).hasSize(3);

        Waits.scaleAndAwait(cluster, "/bridge", 0);

        Poll.until(
                REMOVED_WITHIN,
                "no running task container of /bridge",
                () -> DockerTaskContainers.runningWithLabel("bridge"),
                List::isEmpty,
                List::toString);
    }

    @Test
    @Order(7)
    void anAbsentImageFailsTheTaskNamingTheImage() {
        String absent = "mesos-harness/absent-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        cluster.marathon()
                .create(MarathonApp.fromResource(
                        "apps/docker-bridge.json",
                        Map.of("id", "/absent", "image", absent, "agent", DOCKER_AGENT, "label", "absent")));

        App app = Poll.until(
                Duration.ofSeconds(120),
                "a task failure of /absent",
                () -> cluster.marathon().app("/absent"),
                a -> a.lastTaskFailure() != null,
                a -> "no task failure yet");

        assertThat(app.lastTaskFailure().message()).contains(absent);
        cluster.marathon().forced().delete("/absent");
    }

    @Test
    @Order(8)
    void resetLeavesNoTaskContainers() {
        cluster.reset();

        Poll.until(
                REMOVED_WITHIN,
                "no mesos-* container of agent " + DOCKER_AGENT + " after reset()",
                () -> DockerTaskContainers.mesosContainers(workDirs),
                List::isEmpty,
                List::toString);
    }

    @Test
    @Order(9)
    void stoppingTheAgentRemovesItsTaskContainers() {
        Waits.deployAndAwait(cluster, bridgeApp("/bridge2", "bridge2"));
        assertThat(cluster).app("/bridge2").becomesHealthy();
        assertThat(DockerTaskContainers.mesosContainers(workDirs)).isNotEmpty();

        cluster.agent(DOCKER_AGENT).stop();

        assertThat(DockerTaskContainers.mesosContainers(workDirs))
                .as("task and executor containers once the agent is stopped")
                .isEmpty();
        cluster.agent(DOCKER_AGENT).start();
        assertThat(cluster).app("/bridge2").becomesHealthy();
    }

    @Test
    @Order(10)
    void closeLeavesNoTaskContainerNoWorkDirAndNoLabelledObject() {
        assertThat(DockerTaskContainers.mesosContainers(workDirs)).isNotEmpty();
        String id = cluster.id();

        cluster.close();

        assertThat(DockerTaskContainers.mesosContainers(workDirs)).isEmpty();
        assertThat(DockerTaskContainers.existsOnDockerHost(appImage, workDirs.get(0)))
                .as("work dir on the Docker host")
                .isFalse();
        assertThat(new DockerJanitor().count(id)).isZero();
        cluster = null;
    }

    @Test
    @Order(11)
    void theSweepAfterAKilledJvmLeavesNoTaskContainerAndNoWorkDir() throws Exception {
        DockerAppChild.Started child = DockerAppChild.start(appImage);
        assertThat(DockerTaskContainers.mesosContainers(child.workDirs())).isNotEmpty();

        child.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        DockerJanitor.Removed removed = new DockerJanitor().sweep(false);

        assertThat(removed.clusters()).contains(child.clusterId());
        assertThat(DockerTaskContainers.mesosContainers(child.workDirs())).isEmpty();
        assertThat(child.workDirs())
                .allSatisfy(dir -> assertThat(DockerTaskContainers.existsOnDockerHost(appImage, dir))
                        .isFalse());
        assertThat(new DockerJanitor().count(child.clusterId())).isZero();
    }
}
