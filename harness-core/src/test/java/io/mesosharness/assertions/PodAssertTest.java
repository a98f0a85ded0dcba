package io.mesosharness.assertions;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.MarathonPod;
import io.mesosharness.testing.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pod checks on what Marathon 1.8.244 and Mesos 1.12 reported for a real two-container pod with a shared volume
 * (captured/pods: two instances on agent p-1, rack a, and the writer's file read through the agent's files API).
 */
@Tag("unit")
class PodAssertTest {

    private static final String CAPTURED = "captured/pods/";
    private FakeCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster();
        cluster.server
                .json("GET /master/slaves", CAPTURED + "mesos-master-slaves.json")
                .json("GET /v2/deployments", "captured/marathon-v2-deployments-empty.json")
                .json("GET /v2/queue", "captured/marathon-v2-queue.json")
                .json(
                        "GET /v2/pods/shared-pod::status",
                        CAPTURED + "marathon-v2-pods-shared-pod-status-2-instances.json")
                .json(
                        "GET /v2/pods/nowhere-pod::status",
                        CAPTURED + "marathon-v2-pods-nowhere-pod-status-degraded.json")
                .route(
                        "GET /v2/info",
                        Fixtures.body(HttpSupport.mapper()
                                .createObjectNode()
                                .put("frameworkId", "c68a490f-21b1-4744-adca-3c787b9343e7-0000")))
                .json("GET /state", CAPTURED + "mesos-agent-p-1-state.json")
                // the captured first page; the page after the file's 18 bytes is empty, as Mesos answers it
                .handle(
                        "GET /files/read",
                        request -> "0".equals(request.getRequestUrl().queryParameter("offset"))
                                ? Fixtures.json(CAPTURED + "mesos-agent-files-read-volume-msg.json")
                                : Fixtures.json(CAPTURED + "mesos-agent-files-read-volume-msg.json")
                                        .setBody("{\"data\":\"\",\"offset\":18}"));
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void aStablePodIsDeployedAndItsPlacementIsJudgedPerInstance() {
        assertThat(cluster)
                .pod("/shared-pod")
                .isDeployed()
                .hasRunningInstances(2)
                .satisfiesItsConstraints()
                .runsOnlyOn("rack", "a");

        assertThatThrownBy(() -> assertThat(cluster).pod("shared-pod").hasAtMostPerAgent(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("p-1 runs 2 tasks: expected at most 1 task per agent")
                .hasMessageContaining("Constraints of /shared-pod: [[\"rack\",\"IS\",\"a\"]]");
    }

    @Test
    void aPodThatCannotBePlacedFailsItsWaitWithItsStatusAndPlacement() {
        assertThatThrownBy(() -> assertThat(cluster)
                        .pod("/nowhere-pod")
                        .within(Duration.ofMillis(300))
                        .isDeployed())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected pod /nowhere-pod to be deployed within 300 ms, but: /nowhere-pod:"
                        + " DEGRADED, instances 0 of 1 running []")
                .hasMessageContaining("Constraints of /nowhere-pod: [[\"rack\",\"IS\",\"z\"]]")
                .hasMessageContaining("Placement of /nowhere-pod:");
    }

    @Test
    void theVolumeFileIsReadFromEveryInstancesSandbox() {
        assertThat(cluster).pod("/shared-pod").hasVolumeFile("shared", "msg", "hello-from-writer");

        assertThatThrownBy(() -> assertThat(cluster)
                        .pod("/shared-pod")
                        .within(Duration.ofMillis(300))
                        .hasVolumeFile("shared", "msg", "something else"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the file msg in volume shared of every instance of /shared-pod to hold"
                        + " 'something else' within 300 ms")
                .hasMessageContaining("/executors/instance-shared-pod.ab13f00a-f272-11f1-92ec-02420a706003/runs/"
                        + "0526f78b-41eb-4563-b8c3-9b37e66222d3/volumes/shared/msg holds 'hello-from-writer'");
        assertThatThrownBy(() -> assertThat(cluster).pod("/shared-pod").hasVolumeFile("logs", "x", "y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pod /shared-pod has no volume 'logs' (its volumes: [shared])");
    }

    @Test
    void aPodIsRefusedBeforeItIsSentWhenNoAgentHasTheMesosContainerizer() {
        ObjectNode state = Fixtures.tree(CAPTURED + "mesos-agent-p-1-state.json");
        state.with("flags").put("containerizers", "docker");
        cluster.server.route("GET /state", Fixtures.body(state));

        assertThatThrownBy(() -> Waits.deployAndAwait(cluster, MarathonPod.fromResource("pods/shared-volume.json")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pod /shared-pod (from classpath resource pods/shared-volume.json) cannot run on"
                        + " any agent of")
                .hasMessageContaining("pods run under Mesos' default executor, which needs the 'mesos' containerizer"
                        + " and, for the pod's volumes [shared], the isolator volume/sandbox_path or filesystem/linux")
                .hasMessageContaining("p-1 (containerizers [docker], isolation [posix/cpu, posix/mem,"
                        + " filesystem/posix, volume/sandbox_path])");
        assertThat(cluster.server.requests).noneMatch(r -> r.startsWith("POST /v2/pods"));
    }

    @Test
    void aPodDeploymentReplacedByAnotherFailsItsWaitAtOnce() throws Exception {
        // the pod is created with the captured deployment ca20cec4-…; Marathon then lists the pod's deployment under
        // another id (that of the captured forced PUT): a forced change replaced the one the wait made
        String created = "ca20cec4-4277-4916-b5dd-bb7b729043bd";
        String replacing = "747c3fb5-b8e5-479f-adfa-dea2d0715e4f";
        var deployments = HttpSupport.readTree(Fixtures.text(CAPTURED + "marathon-v2-deployments-during-pod.json")
                .replace(created, replacing));
        cluster.server
                .route(
                        "POST /v2/pods",
                        () -> Fixtures.captured(
                                CAPTURED + "marathon-v2-pods-POST-201.headers.txt",
                                CAPTURED + "marathon-v2-pods-POST-201.json"))
                .route("GET /v2/deployments", Fixtures.body(deployments));
        MarathonPod pod = MarathonPod.fromJson(Fixtures.text(CAPTURED + "marathon-v2-pods-POST-201.json"));

        assertThatThrownBy(() -> Waits.deployAndAwait(cluster, pod, Duration.ofSeconds(30)))
                .isInstanceOfSatisfying(
                        WaitFailedError.class,
                        e -> assertThat(e.kind()).isEqualTo(WaitFailedError.Kind.DEPLOYMENT_FAILED))
                .hasMessageStartingWith("Expected pod /nowhere-pod to be deployed (deployment " + created
                        + "), but deployment " + created + " was replaced by deployment " + replacing
                        + " before it finished")
                .hasMessageContaining("assertThat(cluster).pod(id).isDeployed()")
                .hasMessageContaining("Constraints of /nowhere-pod: [[\"rack\",\"IS\",\"z\"]]");
    }

    @Test
    void theExecutorOfAnInstanceIsNamedAsMesosNamesIt() {
        assertThat(PodAssert.executorId("shared-pod.instance-ab13f00a-f272-11f1-92ec-02420a706003"))
                .isEqualTo("instance-shared-pod.ab13f00a-f272-11f1-92ec-02420a706003");
        assertThat(PodAssert.executorId("team-a_shop.instance-1")).isEqualTo("instance-team-a_shop.1");
    }
}
