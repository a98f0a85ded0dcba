package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.testing.FakeServer;
import io.mesosharness.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reset with a task Marathon has forgotten, on a real cluster's captured payloads: Marathon lists no task of /web any
 * more, while Mesos still runs web.instance-ff836c1f… (captured/mesos-master-tasks.json), as after an agent that was
 * cut off came back.
 */
@Tag("unit")
class ResetTest {

    private static final String FORGOTTEN = "web.instance-ff836c1f-e870-11f1-beda-0242ac1d000a._app.1";

    private final FakeCluster fake = new FakeCluster();
    private final FakeServer server = fake.server;
    private final AtomicBoolean taskEnded = new AtomicBoolean();
    private final AtomicBoolean deleted = new AtomicBoolean();
    private final List<String> endedByHook = new CopyOnWriteArrayList<>();
    private volatile boolean marathonEndsItself;
    /** The captured cluster the server serves: "" (forgotten task) or "-agent-stopped" (an agent stopped). */
    private volatile String capture = "";
    /** With the "-agent-stopped" capture: the agent id the test holds down, if any. */
    private volatile String heldDownAgent;

    @BeforeEach
    void serveTheCapturedCluster() {
        server.route("GET /v2/groups", () -> Fixtures.json("captured/marathon-v2-groups" + capture + ".json"))
                .route("GET /v2/info", () -> Fixtures.json("captured/marathon-v2-info" + capture + ".json"))
                .route("GET /v2/apps/web/tasks", () -> new MockResponse().setBody("{\"tasks\": []}"))
                .handle("DELETE /v2/apps/web", request -> {
                    deleted.set(true);
                    if (marathonEndsItself) {
                        taskEnded.set(true);
                    }
                    return Fixtures.json("captured/marathon-v2-apps-DELETE.json");
                })
                .json("GET /v2/deployments", "captured/marathon-v2-deployments-empty.json")
                .route(
                        "GET /master/tasks",
                        () -> capture.isEmpty()
                                ? new MockResponse().setBody(masterTasks(taskEnded.get()))
                                : Fixtures.json("captured/mesos-master-tasks" + capture + ".json"));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aTaskMarathonForgotIsEndedByTheHarnessAfterTheGrace() {
        AbstractCluster cluster = cluster(true);

        List<String> ended = removeWeb(cluster, Duration.ofSeconds(10), Duration.ofMillis(300));

        assertThat(deleted).isTrue();
        assertThat(endedByHook).containsExactly(FORGOTTEN);
        assertThat(ended).containsExactly("ended " + FORGOTTEN);
    }

    @Test
    void whenMarathonEndsTheTasksTheHarnessEndsNothing() {
        marathonEndsItself = true;
        AbstractCluster cluster = cluster(true);

        List<String> ended = removeWeb(cluster, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(endedByHook).isEmpty();
        assertThat(ended).isEmpty();
    }

    @Test
    void aClusterThatCannotEndTasksTimesOutNamingTheForgottenTask() {
        AbstractCluster cluster = cluster(false);

        assertThatThrownBy(() -> removeWeb(cluster, Duration.ofMillis(800), Duration.ofMillis(200)))
                .hasMessageContaining("Marathon to forget [/web]")
                .hasMessageContaining(FORGOTTEN + ":TASK_RUNNING (not known to Marathon)");
        assertThat(endedByHook).isEmpty();
    }

    @Test
    void tasksOfAppsThatStayAreNeverTouched() {
        AbstractCluster cluster = cluster(true);

        removeWeb(cluster, Duration.ofSeconds(10), Duration.ofMillis(300));

        assertThat(endedByHook)
                .as("the captured state also runs /toomany, /pv and /byrack tasks")
                .allMatch(id -> id.startsWith("web."));
    }

    @Test
    void aTaskUnreachableOnAnAgentTheTestHoldsDownIsNotWaitedFor() {
        // captured: agent a1 (…-S1) killed; Mesos holds web.instance-2dc40dbc… TASK_UNREACHABLE, Marathon lists none
        capture = "-agent-stopped";
        heldDownAgent = "e28ea0da-59c1-4dd1-88b5-f69258172004-S1";
        AbstractCluster cluster = cluster(true);

        List<String> ended = removeWeb(cluster, Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(ended).isEmpty();
        assertThat(endedByHook).isEmpty();
    }

    @Test
    void anUnreachableTaskOfAnAgentNotHeldDownIsWaitedForAndNamed() {
        capture = "-agent-stopped";
        heldDownAgent = "e28ea0da-59c1-4dd1-88b5-f69258172004-S0"; // the other agent: the task's is not held down
        AbstractCluster cluster = cluster(false);

        assertThatThrownBy(() -> removeWeb(cluster, Duration.ofMillis(800), Duration.ofMillis(200)))
                .hasMessageContaining(
                        "web.instance-2dc40dbc-f24e-11f1-86ce-02420a843003._app.1:TASK_UNREACHABLE (not known to"
                                + " Marathon)");
    }

    /** Removes the app /web as a reset does, with this timeout and grace for forgotten tasks. */
    private static List<String> removeWeb(AbstractCluster cluster, Duration timeout, Duration grace) {
        return cluster.remove(cluster.marathon().groups(), List.of("/web"), List.of(), List.of(), timeout, grace);
    }

    /** The captured /master/tasks, with the forgotten task killed once the harness ended it. */
    private static String masterTasks(boolean ended) {
        ObjectNode root = Fixtures.tree("captured/mesos-master-tasks.json");
        root.withArray("tasks").forEach(t -> {
            if (ended && t.path("id").asText().equals(FORGOTTEN)) {
                ((ObjectNode) t).put("state", "TASK_KILLED");
            }
        });
        return root.toString();
    }

    /** The cluster on the fake server; {@code canEnd}: it ends forgotten tasks (local) or not (external). */
    private AbstractCluster cluster(boolean canEnd) {
        if (canEnd) {
            fake.endsForgottenTasks = tasks -> {
                tasks.forEach(t -> endedByHook.add(t.id()));
                taskEnded.set(true);
                return tasks.stream().map(t -> "ended " + t.id()).toList();
            };
        }
        fake.heldDown = task ->
                "TASK_UNREACHABLE".equals(task.state()) && task.agentId().equals(heldDownAgent);
        return fake;
    }
}
