package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** External mode on the captured responses of a real Mesos 1.12 + Marathon 1.8 cluster. */
@Tag("unit")
class ExternalClusterTest {

    private final MockWebServer mesos = new MockWebServer();
    private final MockWebServer marathon = new MockWebServer();

    @BeforeEach
    void serveCapturedCluster() throws IOException {
        mesos.setDispatcher(files(Map.of(
                "/master/state", "captured/mesos-master-state.json",
                "/master/slaves", "captured/mesos-master-slaves.json")));
        marathon.setDispatcher(files(Map.of(
                "/v2/info", "captured/marathon-v2-info.json",
                "/v2/groups", "captured/marathon-v2-groups.json")));
        mesos.start();
        marathon.start();
    }

    @AfterEach
    void stop() throws IOException {
        mesos.shutdown();
        marathon.shutdown();
    }

    @Test
    void readsTheAgentsOfTheExternalCluster() {
        try (ExternalCluster cluster = connect()) {
            assertThat(cluster.isExternal()).isTrue();
            assertThat(cluster.agents())
                    .extracting(AgentHandle::name)
                    .containsExactlyInAnyOrder("mh-agent-a", "mh-agent-b");
            assertThat(cluster.agent("mh-agent-b").attributes()).isEqualTo(Map.of("rack", "b"));
            assertThat(cluster.agent("mh-agent-a").agentId())
                    .hasValueSatisfying(id -> assertThat(id).endsWith("-S0"));
            assertThat(cluster.recentLogs(10)).isEmpty();
        }
    }

    @Test
    void listsTheOneMasterItWasGivenAndRefusesToStopIt() {
        try (ExternalCluster cluster = connect()) {
            assertThat(cluster.masters()).hasSize(1);
            MasterHandle master = cluster.masters().get(0);
            assertThat(master.url()).isEqualTo(cluster.mesosUrl());
            assertThatThrownBy(master::stop)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("not available against an external cluster");
            assertThatThrownBy(master::start).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void refusesEveryFaultWithAMessageThatSaysWhy() {
        try (ExternalCluster cluster = connect()) {
            AgentHandle agent = cluster.agent("mh-agent-a");
            for (Runnable fault : new Runnable[] {
                agent::stop,
                agent::start,
                agent::pause,
                agent::unpause,
                agent::disconnect,
                agent::reconnect,
                () -> agent.exec("true"),
                cluster::stopLeadingMaster,
                cluster::restartZooKeeper,
                cluster::restartMarathon
            }) {
                assertThatThrownBy(fault::run)
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("is not available against an external cluster (http://");
            }
        }
    }

    @Test
    void unknownAgentNamesTheAgentsThereAre() {
        try (ExternalCluster cluster = connect()) {
            assertThatThrownBy(() -> cluster.agent("nope"))
                    .hasMessageContaining("No agent named 'nope'")
                    .hasMessageContaining("mh-agent-a");
        }
    }

    @Test
    void badUrlsAndSilentClustersAreClearErrors() {
        assertThatThrownBy(() ->
                        ExternalCluster.connect("mesos:5050", marathon.url("/").toString()))
                .hasMessageContaining("Bad external Mesos URL 'mesos:5050'");
        assertThatThrownBy(() -> ExternalCluster.connect(
                        "http://127.0.0.1:1", marathon.url("/").toString()))
                .hasMessageStartingWith("The external Mesos master at http://127.0.0.1:1 does not answer");
    }

    @Test
    void externalModeNeedsBothUrls() {
        HarnessConfiguration config =
                HarnessConfiguration.of(Map.of("mesos.harness.external.mesos-url", "http://mesos:5050"), Map.of());

        assertThatThrownBy(() -> ExternalCluster.fromConfiguration(config))
                .hasMessageContaining("External mode needs both URLs")
                .hasMessageContaining("MESOS_HARNESS_EXTERNAL_MARATHON_URL");
    }

    @Test
    void resetRemovesOnlyTheAppsItsClientCreatedAndWaitsOnlyForTheirDeployments() throws Exception {
        // the captured cluster runs /byrack, /pv, /spread, /toomany and /web; this handle creates only /spread.
        // Marathon keeps listing the /byrack deployment for ever: reset must not wait for it.
        List<String> requests = new CopyOnWriteArrayList<>();
        AtomicBoolean deleted = new AtomicBoolean();
        AtomicInteger deploymentReads = new AtomicInteger();
        String spreadTasks = onlyTasksOf("/spread");
        marathon.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String key = request.getMethod() + " " + request.getRequestUrl().encodedPath();
                requests.add(key);
                return switch (key) {
                    case "GET /v2/info" -> json(read("captured/marathon-v2-info.json"));
                    case "GET /v2/groups" -> json(read("captured/marathon-v2-groups.json"));
                    case "POST /v2/apps" ->
                        json(read("captured/marathon-v2-apps-POST-201.json")).setResponseCode(201);
                    case "GET /v2/apps/spread/tasks" -> json(spreadTasks);
                    case "DELETE /v2/apps/spread" -> {
                        deleted.set(true);
                        yield json(read("captured/marathon-v2-apps-DELETE.json"));
                    }
                    case "GET /v2/deployments" ->
                        json(
                                deploymentReads.getAndIncrement() == 0
                                        ? merged(
                                                "captured/marathon-v2-deployments-during-spread.json",
                                                "captured/marathon-v2-deployments-during-byrack.json")
                                        : read("captured/marathon-v2-deployments-during-byrack.json"));
                    default ->
                        new MockResponse().setResponseCode(404).setBody("{\"message\":\"no route " + key + "\"}");
                };
            }
        });
        String killed = read("captured/mesos-master-tasks.json").replace("\"TASK_RUNNING\"", "\"TASK_KILLED\"");
        mesos.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getRequestUrl().encodedPath();
                return switch (path) {
                    case "/master/state" -> json(read("captured/mesos-master-state.json"));
                    case "/master/tasks" ->
                        json(
                                deleted.get() && deploymentReads.get() > 1
                                        ? killed
                                        : read("captured/mesos-master-tasks.json"));
                    default -> new MockResponse().setResponseCode(404);
                };
            }
        });

        try (ExternalCluster cluster = connect()) {
            cluster.marathon()
                    .create(io.mesosharness.marathon.MarathonApp.command("/spread", "sleep 3600")
                            .withInstances(2));
            assertThat(cluster.marathon().createdAppIds()).containsExactly("/spread");

            Duration took = cluster.reset();

            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(requests).filteredOn(r -> r.startsWith("DELETE")).containsExactly("DELETE /v2/apps/spread");
            assertThat(deploymentReads.get())
                    .as("waited for the /spread deployment to end")
                    .isGreaterThan(1);
            assertThat(cluster.marathon().createdAppIds()).isEmpty();

            requests.clear();
            assertThat(cluster.reset()).isLessThan(Duration.ofSeconds(5));
            assertThat(requests).as("nothing of ours left: nothing deleted").noneMatch(r -> r.startsWith("DELETE"));
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    private static String onlyTasksOf(String appId) throws IOException {
        ObjectNode tasks = (ObjectNode) HttpSupport.readTree(read("captured/marathon-v2-tasks.json"));
        ArrayNode kept = tasks.putArray("kept");
        tasks.get("tasks").forEach(t -> {
            if (appId.equals(t.path("appId").asText())) {
                kept.add(t);
            }
        });
        tasks.set("tasks", kept);
        tasks.remove("kept");
        return tasks.toString();
    }

    private static String merged(String... resources) {
        ArrayNode all = HttpSupport.mapper().createArrayNode();
        for (String resource : resources) {
            try {
                HttpSupport.readTree(read(resource)).forEach(all::add);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return all.toString();
    }

    private ExternalCluster connect() {
        return ExternalCluster.connect(
                mesos.url("/").toString().replaceAll("/$", ""),
                marathon.url("/").toString().replaceAll("/$", ""));
    }

    private static Dispatcher files(Map<String, String> routes) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getRequestUrl().encodedPath();
                String file = routes.get(path);
                if (file == null) {
                    return new MockResponse().setResponseCode(404).setBody("{\"message\":\"no route " + path + "\"}");
                }
                return new MockResponse()
                        .setHeader("Content-Type", "application/json")
                        .setBody(read(file));
            }
        };
    }

    private static String read(String resource) {
        try (InputStream in = ExternalClusterTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + resource, e);
        }
    }
}
