package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.mesos.MesosTask;
import io.mesosharness.testing.FakeServer;
import io.mesosharness.testing.Fixtures;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private final FakeServer server = new FakeServer();
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
        server.close();
    }

    @Test
    void aTaskMarathonForgotIsEndedByTheHarnessAfterTheGrace() {
        TestCluster cluster = new TestCluster(true);

        List<String> ended = cluster.remove(
                cluster.marathon().groups(),
                List.of("/web"),
                List.of(),
                List.of(),
                Duration.ofSeconds(10),
                Duration.ofMillis(300));

        assertThat(deleted).isTrue();
        assertThat(endedByHook).containsExactly(FORGOTTEN);
        assertThat(ended).containsExactly("ended " + FORGOTTEN);
    }

    @Test
    void whenMarathonEndsTheTasksTheHarnessEndsNothing() {
        marathonEndsItself = true;
        TestCluster cluster = new TestCluster(true);

        List<String> ended = cluster.remove(
                cluster.marathon().groups(),
                List.of("/web"),
                List.of(),
                List.of(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));

        assertThat(endedByHook).isEmpty();
        assertThat(ended).isEmpty();
    }

    @Test
    void aClusterThatCannotEndTasksTimesOutNamingTheForgottenTask() {
        TestCluster cluster = new TestCluster(false);
        Group root = cluster.marathon().groups();

        assertThatThrownBy(() -> cluster.remove(
                        root, List.of("/web"), List.of(), List.of(), Duration.ofMillis(800), Duration.ofMillis(200)))
                .hasMessageContaining("Marathon to forget [/web]")
                .hasMessageContaining(FORGOTTEN + ":TASK_RUNNING (not known to Marathon)");
        assertThat(endedByHook).isEmpty();
    }

    @Test
    void tasksOfAppsThatStayAreNeverTouched() {
        TestCluster cluster = new TestCluster(true);

        cluster.remove(
                cluster.marathon().groups(),
                List.of("/web"),
                List.of(),
                List.of(),
                Duration.ofSeconds(10),
                Duration.ofMillis(300));

        assertThat(endedByHook)
                .as("the captured state also runs /toomany, /pv and /byrack tasks")
                .allMatch(id -> id.startsWith("web."));
    }

    @Test
    void aTaskUnreachableOnAnAgentTheTestHoldsDownIsNotWaitedFor() {
        // captured: agent a1 (…-S1) killed; Mesos holds web.instance-2dc40dbc… TASK_UNREACHABLE, Marathon lists none
        capture = "-agent-stopped";
        heldDownAgent = "e28ea0da-59c1-4dd1-88b5-f69258172004-S1";
        TestCluster cluster = new TestCluster(true);

        List<String> ended = cluster.remove(
                cluster.marathon().groups(),
                List.of("/web"),
                List.of(),
                List.of(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));

        assertThat(ended).isEmpty();
        assertThat(endedByHook).isEmpty();
    }

    @Test
    void anUnreachableTaskOfAnAgentNotHeldDownIsWaitedForAndNamed() {
        capture = "-agent-stopped";
        heldDownAgent = "e28ea0da-59c1-4dd1-88b5-f69258172004-S0"; // the other agent: the task's is not held down
        TestCluster cluster = new TestCluster(false);
        Group root = cluster.marathon().groups();

        assertThatThrownBy(() -> cluster.remove(
                        root, List.of("/web"), List.of(), List.of(), Duration.ofMillis(800), Duration.ofMillis(200)))
                .hasMessageContaining(
                        "web.instance-2dc40dbc-f24e-11f1-86ce-02420a843003._app.1:TASK_UNREACHABLE (not known to"
                                + " Marathon)");
    }

    /** The captured /master/tasks, with the forgotten task killed once the harness ended it. */
    private static String masterTasks(boolean ended) {
        String captured = Fixtures.text("captured/mesos-master-tasks.json");
        if (!ended) {
            return captured;
        }
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = (ObjectNode) json.readTree(captured);
            root.withArray("tasks").forEach(t -> {
                if (t.path("id").asText().equals(FORGOTTEN)) {
                    ((ObjectNode) t).put("state", "TASK_KILLED");
                }
            });
            return json.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cluster on the fake server; {@code canEnd} decides whether it ends forgotten tasks (local) or not. */
    private final class TestCluster extends AbstractCluster {
        private final boolean canEnd;
        private final MarathonClient marathon = new MarathonClient(server.url().toString());
        private final MesosClient mesos = new MesosClient(server.url().toString());

        TestCluster(boolean canEnd) {
            this.canEnd = canEnd;
        }

        @Override
        protected List<String> endForgottenTasks(List<MesosTask> tasks) {
            if (!canEnd) {
                return List.of();
            }
            tasks.forEach(t -> endedByHook.add(t.id()));
            taskEnded.set(true);
            return tasks.stream().map(t -> "ended " + t.id()).toList();
        }

        @Override
        protected boolean onAgentHeldDown(MesosTask task) {
            return "TASK_UNREACHABLE".equals(task.state()) && task.agentId().equals(heldDownAgent);
        }

        @Override
        public String id() {
            return "test";
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public boolean isExternal() {
            return !canEnd;
        }

        @Override
        public URI mesosUrl() {
            return server.url();
        }

        @Override
        public URI marathonUrl() {
            return server.url();
        }

        @Override
        public MarathonClient marathon() {
            return marathon;
        }

        @Override
        public MesosClient mesos() {
            return mesos;
        }

        @Override
        public List<AgentHandle> agents() {
            return List.of();
        }

        @Override
        public Failover stopLeadingMaster() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<MasterHandle> masters() {
            return List.of();
        }

        @Override
        public void restartZooKeeper() {}

        @Override
        public void restartMarathon() {}

        @Override
        public Map<String, String> recentLogs(int lines) {
            return Map.of();
        }

        @Override
        public String retain() {
            return "";
        }

        @Override
        public void close() {
            marathon.close();
            mesos.close();
        }
    }
}
