package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.MarathonTaskIds;
import io.mesosharness.mesos.Agent;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The full start of a 3-master cluster and every fault-injection call, in order, on one cluster. Expected reactions
 * follow what a real Mesos 1.12 + Marathon 1.8 did (shared/reference/captured/faults): fast agent-loss detection,
 * same agent id after a restart, Marathon back with the same framework id after failover and ZooKeeper restarts.
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterFaultsTest {

    private static final String APP = "/f1";
    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        var config = HarnessConfiguration.load();
        cluster = LocalCluster.start(
                Topology.builder()
                        .name("faults")
                        .masters(3)
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
            String id = cluster.id();
            cluster.close();
            assertThat(new DockerJanitor().count(id))
                    .as("Docker objects left by the cluster")
                    .isZero();
        }
    }

    @Test
    @Order(1)
    void startsEveryComponentWithItsAttributesAndLabels() {
        List<Agent> agents = cluster.mesos().agents();
        assertThat(agents).extracting(Agent::hostname).containsExactlyInAnyOrder("a1", "a2", "b1");
        assertThat(agents).allMatch(Agent::active);
        assertThat(agents.stream()
                        .collect(Collectors.toMap(
                                Agent::hostname, a -> a.attribute("rack").orElse(""))))
                .isEqualTo(Map.of("a1", "a", "a2", "a", "b1", "b"));
        assertThat(agents).allSatisfy(a -> assertThat(a.resource("cpus")).isEqualTo(1.0));
        assertThat(cluster.mesos().frameworks()).anyMatch(f -> f.name().equals("marathon") && f.active());
        assertThat(cluster.marathon().info().frameworkId()).isNotBlank();
        StartTimings t = cluster.startTimings();
        assertThat(t.zookeeperReady()).isLessThanOrEqualTo(t.mastersReady());
        assertThat(t.mastersReady()).isLessThanOrEqualTo(t.agentsRegistered());
        assertThat(t.total()).isGreaterThanOrEqualTo(t.marathonReady());
        // zookeeper + 3 masters + 3 agents + marathon, and the network
        assertThat(new DockerJanitor().count(cluster.id())).isEqualTo(9);
    }

    @Test
    @Order(2)
    void deploysAnAppWithOneTaskPerHost() {
        cluster.marathon().create(MarathonApp.fromJson("""
                {"id": "/f1", "cmd": "sleep 3600", "instances": 2, "cpus": 0.1, "mem": 32,
                 "constraints": [["hostname", "UNIQUE"]],
                 "unreachableStrategy": {"inactiveAfterSeconds": 0, "expungeAfterSeconds": 0}}"""));
        awaitRunning(2, Set.of());
    }

    @Test
    @Order(3)
    void stoppedAgentIsMarkedUnreachableAndComesBackWithItsId() {
        AgentHandle victim = cluster.agentRunning(APP);
        String id = victim.agentId().orElseThrow();
        Set<String> diedWithIt = cluster.marathon().appTasks(APP).stream()
                .filter(t -> t.host().equals(victim.name()))
                .map(MarathonTask::id)
                .collect(Collectors.toSet());

        victim.stop();

        assertThat(cluster.mesos().agents()).noneMatch(a -> a.hostname().equals(victim.name()) && a.active());
        awaitRunning(2, Set.of(victim.name()));

        victim.start();

        assertThat(victim.agentId()).contains(id);
        // as after a reboot, Mesos ends the tasks that died with the agent (it does not wait for their old pids)
        Poll.until(
                Duration.ofSeconds(30),
                "Mesos to end the tasks that died with " + victim.name() + " " + diedWithIt,
                () -> cluster.mesos().tasks().stream()
                        .filter(t -> diedWithIt.contains(t.id()) && !t.isTerminal())
                        .map(t -> t.id() + ":" + t.state())
                        .toList(),
                List::isEmpty,
                Object::toString);
    }

    @Test
    @Order(4)
    void pausedAgentIsUnreachableUntilUnpaused() {
        AgentHandle victim = cluster.agentRunning(APP);
        String id = victim.agentId().orElseThrow();

        victim.pause();
        assertThat(cluster.mesos().agents()).noneMatch(a -> a.hostname().equals(victim.name()) && a.active());
        victim.unpause();

        assertThat(victim.agentId()).contains(id);
        awaitRunning(2, Set.of());
    }

    @Test
    @Order(5)
    void disconnectedAgentIsReplacedAndReconnectWaitsUntilItIsStable() {
        AgentHandle victim = cluster.agentRunning(APP);

        victim.disconnect();
        awaitRunning(2, Set.of(victim.name()));
        victim.reconnect();

        assertThat(cluster.mesos().agents()).anyMatch(a -> a.hostname().equals(victim.name()) && a.active());
    }

    @Test
    @Order(6)
    void leaderFailoverKeepsTheFrameworkAndTheTasks() {
        String frameworkId = cluster.marathon().info().frameworkId();
        String leaderBefore = cluster.mesos().state().hostname();
        assertThat(cluster.masters())
                .extracting(MasterHandle::name)
                .containsExactly("master-1", "master-2", "master-3");
        assertThat(cluster.masters())
                .filteredOn(MasterHandle::isLeading)
                .extracting(MasterHandle::name)
                .containsExactly(leaderBefore);

        Failover failover = cluster.stopLeadingMaster();

        assertThat(failover.oldLeader()).isEqualTo(leaderBefore);
        assertThat(failover.newLeader())
                .isNotEqualTo(leaderBefore)
                .isEqualTo(cluster.mesos().state().hostname());
        assertThat(failover.timeToNewLeader()).isPositive().isLessThanOrEqualTo(failover.timeUntilMarathonServes());
        assertThat(cluster.masters())
                .filteredOn(MasterHandle::isLeading)
                .extracting(MasterHandle::name)
                .containsExactly(failover.newLeader());
        assertThat(cluster.marathon().info().frameworkId()).isEqualTo(frameworkId);
        awaitRunning(2, Set.of());

        MasterHandle stopped = cluster.masters().stream()
                .filter(m -> m.name().equals(leaderBefore))
                .findFirst()
                .orElseThrow();
        stopped.start();
        assertThat(cluster.mesos().redirectLeader(stopped.url(), Duration.ofSeconds(2)))
                .as("the restarted master answers and knows the leader")
                .isPresent();
    }

    @Test
    @Order(7)
    void zookeeperRestartBringsMarathonBack() {
        String frameworkId = cluster.marathon().info().frameworkId();

        cluster.restartZooKeeper();

        assertThat(cluster.marathon().leader()).isPresent();
        assertThat(cluster.marathon().info().frameworkId()).isEqualTo(frameworkId);
        awaitRunning(2, Set.of());
    }

    @Test
    @Order(8)
    void marathonRestartKeepsTheTasks() {
        Set<String> tasksBefore = runningTaskIds();

        cluster.restartMarathon();

        assertThat(runningTaskIds()).isEqualTo(tasksBefore);
    }

    @Test
    @Order(9)
    void execRunsInsideTheAgentContainer() {
        assertThat(cluster.agent("b1").exec("sh", "-c", "echo $((6 * 7))")).isEqualTo("42\n");
    }

    @Test
    @Order(10)
    void resetEndsEvenTheTasksMarathonForgot() {
        // given an instance Marathon replaced and forgot while its agent was cut off, still running once it is back
        String app = "/f2";
        cluster.marathon().create(MarathonApp.fromJson("""
                {"id": "/f2", "cmd": "sleep 3600", "instances": 1, "cpus": 0.1, "mem": 32,
                 "unreachableStrategy": {"inactiveAfterSeconds": 0, "expungeAfterSeconds": 0}}"""));
        awaitRunning(app, 1, Set.of());
        AgentHandle victim = cluster.agentRunning(app);
        victim.disconnect();
        awaitRunning(app, 1, Set.of(victim.name()));
        victim.reconnect();

        // when
        cluster.reset();

        // then neither Marathon nor Mesos has anything of /f1 and /f2 left
        assertThat(cluster.marathon().apps()).isEmpty();
        assertThat(cluster.mesos().tasks())
                .filteredOn(t -> MarathonTaskIds.belongsToApp(t.id(), APP) || MarathonTaskIds.belongsToApp(t.id(), app))
                .extracting(t -> t.id() + " " + t.state())
                .allMatch(t ->
                        !t.endsWith("TASK_RUNNING") && !t.endsWith("TASK_STAGING") && !t.endsWith("TASK_STARTING"));
    }

    private static Set<String> runningTaskIds() {
        return cluster.marathon().appTasks(APP).stream()
                .filter(MarathonTask::isRunning)
                .map(MarathonTask::id)
                .collect(Collectors.toSet());
    }

    /** Waits until the app runs {@code instances} tasks, none of them on the excluded agents. */
    private static void awaitRunning(int instances, Set<String> notOn) {
        awaitRunning(APP, instances, notOn);
    }

    private static void awaitRunning(String app, int instances, Set<String> notOn) {
        Poll.until(
                Duration.ofSeconds(90),
                app + " running " + instances + " tasks, none on " + notOn,
                () -> cluster.marathon().app(app),
                (App seen) -> seen.tasks().stream()
                                .filter(MarathonTask::isRunning)
                                .filter(t -> !notOn.contains(t.host()))
                                .count()
                        == instances,
                App::countsSummary);
    }
}
