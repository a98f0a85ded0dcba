package io.mesosharness.assertions;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.cluster.Poll;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.HealthCheck;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonGroup;
import io.mesosharness.marathon.MarathonPod;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Every check against a real local cluster: agents a1 (rack:a), a2 (rack:a), b1 (rack:b). Task commands run in the
 * agent image, which has sh and perl only (no curl, so no MESOS_HTTP checks: HTTP here is Marathon-level).
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class ChecksOnLocalClusterTest {

    private static final Duration DEPLOY = Duration.ofSeconds(90);
    /** A one-line HTTP server on $PORT0 (perl core modules only); reads the request headers before it answers. */
    private static final String PERL_HTTP =
            "perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>$ENV{PORT0},"
                    + "Listen=>5,ReuseAddr=>1) or die $!; while($c=$s->accept){while(<$c>){last if /^\\r?$/} "
                    + "print $c \"HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok\"; close $c}'";

    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        HarnessConfiguration config = HarnessConfiguration.load();
        cluster = LocalCluster.start(
                Topology.builder()
                        .name("checks")
                        .agent("a1", "rack:a")
                        .agent("a2", "rack:a")
                        .agent("b1", "rack:b")
                        .build(),
                config,
                System.out::println);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void reset() {
        if (cluster != null) {
            cluster.reset();
        }
    }

    private static MarathonApp sleeper(String id, int instances) {
        return MarathonApp.command(id, "sleep 3600").withInstances(instances);
    }

    @Test
    void deployAndAwaitReturnsTheAppAsDeployed() {
        // how soon the wait returns is a figure of the bench (deployToRunning), not of a test
        App app = Waits.deployAndAwait(
                cluster, sleeper("/checks-deployed", 2).withCpus(0.1).withMem(32), DEPLOY);

        assertThat(app.tasksRunning()).isEqualTo(2);
        assertThat(app.deployments()).isEmpty();
        assertThat(app.tasks()).hasSize(2).allMatch(MarathonTask::isRunning);
    }

    @Test
    void aGroupWithDependenciesStartsInOrderAndTheOrderCheckSeesWhenItIsNot() {
        // given: /stack/db (COMMAND check, first after 3 s), /stack/web depends on "db", /stack/jobs/worker on "../db"
        MarathonGroup stack = MarathonGroup.fromResource("groups/nested-relative.json");

        Group deployed = Waits.deployAndAwait(cluster, stack, DEPLOY);

        assertThat(deployed.allApps())
                .extracting(App::id)
                .containsExactlyInAnyOrder("/stack/db", "/stack/web", "/stack/jobs/worker");
        assertThat(cluster).group("/stack").isDeployed();
        assertThat(cluster).app("/stack/web").isDeployed().startedAfter("/stack/db");
        assertThat(cluster).app("/stack/jobs/worker").startedAfter("/stack/db");

        // and: the same apps without dependencies start together, before db is healthy, and the check says so
        MarathonGroup together =
                MarathonGroup.fromJson(withoutDependencies(stack.toJson().replace("/stack", "/together")));
        Waits.deployAndAwait(cluster, together, DEPLOY);
        assertThatThrownBy(() -> assertThat(cluster).app("/together/web").startedAfter("/together/db"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected /together/web to start after /together/db was ready, but its first"
                        + " task was staged at");
    }

    @Test
    void aPodWithTwoInstancesOnDistinctAgentsSharesItsVolumeAndResetRemovesIt() throws Exception {
        // given: the captured shared-volume pod, 2 instances, one per agent
        ObjectNode json = (ObjectNode) HttpSupport.readTree(new String(
                getClass().getResourceAsStream("/pods/shared-volume.json").readAllBytes()));
        json.with("scaling").put("instances", 2);
        json.with("scheduling")
                .with("placement")
                .putArray("constraints")
                .addObject()
                .put("fieldName", "hostname")
                .put("operator", "UNIQUE");
        MarathonPod pod = MarathonPod.fromJson(json.toString());

        PodStatus deployed = Waits.deployAndAwait(cluster, pod, DEPLOY);

        assertThat(deployed.runningInstances()).hasSize(2);
        assertThat(cluster)
                .pod("/shared-pod")
                .hasRunningInstances(2)
                .satisfiesItsConstraints()
                .hasAtMostPerAgent(1)
                .hasVolumeFile("shared", "msg", "hello-from-writer");

        cluster.reset();

        assertThat(cluster.marathon().pods()).isEmpty();
        assertThat(cluster.mesos().tasks()).noneMatch(t -> t.id().startsWith("shared-pod.") && !t.isTerminal());
    }

    private static String withoutDependencies(String groupJson) {
        try {
            JsonNode group = HttpSupport.readTree(groupJson);
            group.findParents("dependencies").forEach(owner -> ((ObjectNode) owner).remove("dependencies"));
            return group.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void uniqueHostnamesOnThreeAgents() {
        Waits.deployAndAwait(cluster, sleeper("/unique", 3).withConstraint("hostname", "UNIQUE"), DEPLOY);

        assertThat(cluster)
                .app("/unique")
                .isDeployed()
                .hasRunningInstances(3)
                .satisfiesItsConstraints()
                .hasAtMostPerAgent(1)
                .isSpreadOver("hostname", 3);
    }

    @Test
    void groupByRackSpreadsEvenlyOverRacks() {
        Waits.deployAndAwait(cluster, sleeper("/byrack", 4).withConstraint("rack", "GROUP_BY", "2"), DEPLOY);

        assertThat(cluster)
                .app("/byrack")
                .satisfiesItsConstraints()
                .isSpreadEvenlyBy("rack")
                .isSpreadOver("rack", 2);
    }

    @Test
    void likeKeepsTasksOnRackA() {
        Waits.deployAndAwait(cluster, sleeper("/racka", 2).withConstraint("rack", "LIKE", "a"), DEPLOY);

        assertThat(cluster).app("/racka").satisfiesItsConstraints().runsOnlyOn("rack", "a");
    }

    @Test
    void unsatisfiableConstraintFailsWithTheRejectReason() {
        cluster.marathon().create(sleeper("/toomany", 4).withConstraint("hostname", "UNIQUE"));

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/toomany")
                        .within(Duration.ofSeconds(30))
                        .isDeployed())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected /toomany to be deployed within 30 s")
                .hasMessageContaining("running 3 of 4")
                .hasMessageContaining("Waiting in Marathon's launch queue: /toomany: 1 waiting")
                .hasMessageContaining("\nDeclined offers: UnfulfilledConstraint ")
                .hasMessageContaining("Constraints of /toomany: [[\"hostname\",\"UNIQUE\"]]");
        // no expectation on "Last events": the app was created before the assertion's watch subscribed, so its
        // TASK_RUNNING events may all have passed already
        cluster.marathon().forced().delete("/toomany");
    }

    @Test
    void aDeploymentReplacedByAForcedChangeFailsItsWaitAtOnce() {
        // both definitions ask for more UNIQUE hosts than the 3 agents: neither deployment can finish by itself
        String stuck = cluster.marathon()
                .create(sleeper("/replaced", 4).withConstraint("hostname", "UNIQUE"))
                .deploymentId();
        String replacing = cluster.marathon()
                .forced()
                .update(sleeper("/replaced", 5).withConstraint("hostname", "UNIQUE"))
                .deploymentId();

        WaitFailedError error = org.assertj.core.api.Assertions.catchThrowableOfType(
                WaitFailedError.class, () -> Waits.awaitDeployment(cluster, "/replaced", stuck, DEPLOY));

        assertThat(error.kind()).isEqualTo(WaitFailedError.Kind.DEPLOYMENT_FAILED);
        assertThat(error.getMessage())
                .contains("deployment " + stuck + " was replaced by deployment " + replacing + " before it finished");
        cluster.marathon().forced().delete("/replaced");
    }

    @Test
    void aPodDeploymentReplacedByAForcedChangeFailsItsWaitAtOnce() throws Exception {
        // given the shared-volume pod with a rack no agent has: neither deployment can finish by itself
        ObjectNode json = (ObjectNode) HttpSupport.readTree(new String(
                getClass().getResourceAsStream("/pods/shared-volume.json").readAllBytes()));
        json.put("id", "/nowhere-pod")
                .with("scheduling")
                .with("placement")
                .putArray("constraints")
                .addObject()
                .put("fieldName", "rack")
                .put("operator", "IS")
                .put("value", "z");
        CompletableFuture<PodStatus> wait = CompletableFuture.supplyAsync(
                () -> Waits.deployAndAwait(cluster, MarathonPod.fromJson(json.toString()), DEPLOY));
        Poll.until(
                DEPLOY,
                "the pod's first deployment listed",
                () -> cluster.marathon().deployments(),
                list -> list.stream().anyMatch(d -> d.affectedPods().contains("/nowhere-pod")),
                Object::toString);

        json.with("scaling").put("instances", 2);
        String replacing = cluster.marathon()
                .forced()
                .update(MarathonPod.fromJson(json.toString()))
                .deploymentId();

        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> wait.get(DEPLOY.toSeconds(), TimeUnit.SECONDS));
        assertThat(failed.getCause())
                .isInstanceOfSatisfying(
                        WaitFailedError.class,
                        e -> assertThat(e.kind()).isEqualTo(WaitFailedError.Kind.DEPLOYMENT_FAILED))
                .hasMessageContaining("Expected pod /nowhere-pod to be deployed (deployment ")
                .hasMessageContaining(" was replaced by deployment " + replacing + " before it finished");
        cluster.marathon().forced().deletePod("/nowhere-pod");
    }

    @Test
    void persistentVolumeKeepsItsMarkerAcrossATaskKill() {
        Waits.deployAndAwait(cluster, sleeper("/pv", 1).withPersistentVolume("data", 16), DEPLOY);

        VolumeCheckResult result = assertThat(cluster)
                .app("/pv")
                .within(DEPLOY)
                .keepsVolumeDataAcrossTaskKill("data")
                .isDeployed()
                .volumeCheckResult();

        assertThat(result.agent())
                .isIn(cluster.agents().stream().map(a -> a.name()).toList());
        assertThat(result.relaunchedTask()).isNotEqualTo(result.killedTask());
        assertThat(cluster.agent(result.agent())
                        .exec("cat", result.volumePath().orElseThrow() + "/" + VolumeCheck.MARKER_FILE)
                        .strip())
                .as("the marker is still in the volume, read again from the result's path")
                .isEqualTo(result.marker());
        assertThat(cluster.marathon().app("/pv").volumes())
                .extracting(Object::toString)
                .containsExactly("data (persistent)");
    }

    @Test
    void commandHealthCheckTurnsHealthy() {
        cluster.marathon()
                .create(sleeper("/hc", 1)
                        .withHealthCheck(HealthCheck.command("true")
                                .withGracePeriodSeconds(30)
                                .withDelaySeconds(1)
                                .withIntervalSeconds(2)));

        assertThat(cluster)
                .app("/hc")
                .within(DEPLOY)
                .becomesHealthy()
                .hasHealthyInstances(1)
                .isDeployed();
    }

    @Test
    void httpHealthCheckOnAPerlServerTurnsHealthy() {
        cluster.marathon()
                .create(MarathonApp.command("/web", PERL_HTTP)
                        .withPorts(1)
                        .withHealthCheck(
                                HealthCheck.http("/").withGracePeriodSeconds(30).withIntervalSeconds(2)));

        assertThat(cluster).app("/web").within(DEPLOY).becomesHealthy();
    }

    @Test
    void failingCommandCheckTurnsUnhealthy() {
        cluster.marathon()
                .create(sleeper("/sick", 1)
                        .withHealthCheck(HealthCheck.command("false")
                                .withGracePeriodSeconds(0)
                                .withDelaySeconds(1)
                                .withIntervalSeconds(2)));

        assertThat(cluster).app("/sick").within(DEPLOY).becomesUnhealthy();
    }

    @Test
    void scaleAndRestartReportTheTaskSetChanges() {
        Waits.deployAndAwait(cluster, sleeper("/scaled", 1), DEPLOY);

        TaskSetChange up = Waits.scaleAndAwait(cluster, "/scaled", 3, DEPLOY);
        TaskSetChange restart = Waits.restartAndAwait(cluster, "/scaled", DEPLOY);
        App app = Waits.awaitDeployed(cluster, "/scaled", DEPLOY);

        assertThat(up.added()).hasSize(2);
        assertThat(up.removed()).isEmpty();
        assertThat(restart.removed()).containsExactlyInAnyOrderElementsOf(up.after());
        assertThat(restart.added()).hasSize(3).doesNotContainAnyElementsOf(up.after());
        assertThat(app.tasksRunning()).isEqualTo(3);
    }
}
