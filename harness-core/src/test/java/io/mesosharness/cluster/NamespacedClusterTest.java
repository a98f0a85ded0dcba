package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.assertions.ClusterPlacement;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.AppNamespace;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.testing.FakeServer;
import io.mesosharness.testing.Fixtures;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A test class's namespaced view of a shared cluster, on the captured Marathon 1.8 payloads rewritten so that two
 * classes share the cluster: {@code /web} and {@code /spread} are class A's ({@code /class-a/...}), {@code /pv} and
 * {@code /byrack} class B's, {@code /toomany} nobody's (top level).
 */
@Tag("unit")
class NamespacedClusterTest {

    private final FakeServer mesos = new FakeServer();
    private final FakeServer marathon = new FakeServer();
    private final List<String> requests = marathon.requests;
    private final List<String> postedApps = new CopyOnWriteArrayList<>();
    private final AtomicBoolean groupDeleted = new AtomicBoolean();
    private final AtomicInteger deploymentReads = new AtomicInteger();

    @BeforeEach
    void serveASharedCluster() {
        String killed =
                Fixtures.text("captured/mesos-master-tasks.json").replace("\"TASK_RUNNING\"", "\"TASK_KILLED\"");
        mesos.json("GET /master/state", "captured/mesos-master-state.json")
                .json("GET /master/slaves", "captured/mesos-master-slaves.json")
                .route(
                        "GET /master/tasks",
                        () -> groupDeleted.get() ? json(killed) : Fixtures.json("captured/mesos-master-tasks.json"));
        marathon.json("GET /v2/info", "captured/marathon-v2-info.json")
                .route("GET /v2/apps", () -> json(shared(Fixtures.text("captured/marathon-v2-apps-embed-tasks.json"))))
                .route("GET /v2/tasks", () -> json(shared(Fixtures.text("captured/marathon-v2-tasks.json"))))
                .json("GET /v2/queue", "captured/marathon-v2-queue-embed-lastUnusedOffers.json")
                .route("GET /v2/groups", () -> json(sharedGroups()))
                .handle("POST /v2/apps", request -> {
                    postedApps.add(request.getBody().readUtf8());
                    return Fixtures.json("captured/marathon-v2-apps-POST-201.json")
                            .setResponseCode(201);
                })
                .handle("DELETE /v2/groups/class-a", request -> {
                    groupDeleted.set(true);
                    return Fixtures.json("captured/marathon-v2-apps-DELETE.json");
                })
                .route(
                        "GET /v2/deployments",
                        () -> json(shared(
                                deploymentReads.getAndIncrement() == 0
                                        ? merged(
                                                "captured/marathon-v2-deployments-during-spread.json",
                                                "captured/marathon-v2-deployments-during-byrack.json")
                                        : Fixtures.text("captured/marathon-v2-deployments-during-byrack.json"))))
                .otherwise(request -> {
                    String key =
                            request.getMethod() + " " + request.getRequestUrl().encodedPath();
                    if (key.startsWith("GET /v2/apps/") && key.endsWith("/tasks")) {
                        return json("{\"tasks\": []}");
                    }
                    return key.startsWith("GET /v2/apps/class-a/web")
                            ? json(shared(Fixtures.text("captured/marathon-v2-apps-web-embed-tasks.json")))
                            : Fixtures.json("captured/marathon-v2-apps-DELETE.json");
                });
    }

    @AfterEach
    void stop() {
        mesos.close();
        marathon.close();
    }

    @Test
    void appsGoIntoTheNamespaceAndIdsAreQualifiedOnce() throws Exception {
        try (ExternalCluster cluster = connect();
                NamespacedCluster classA = NamespacedCluster.of(cluster, "class-a")) {
            MarathonClient client = classA.marathon();

            client.create(MarathonApp.command("/spread", "sleep 3600").withInstances(2));
            client.app("/web");
            client.app("web");
            client.app("/class-a/web");
            client.scale("/web", 3);
            client.forced().restart("/web");
            client.appTasks("/web");
            client.resetDelay("/web");
            client.delete("/spread");

            assertThat(HttpSupport.readTree(postedApps.get(0)).path("id").asText())
                    .as("the id Marathon is sent")
                    .isEqualTo("/class-a/spread");
            assertThat(requests)
                    .filteredOn(r -> !r.equals("GET /v2/info") && !r.equals("GET /v2/groups"))
                    .containsExactly(
                            "POST /v2/apps",
                            "GET /v2/apps/class-a/web",
                            "GET /v2/apps/class-a/web",
                            "GET /v2/apps/class-a/web",
                            "PUT /v2/apps/class-a/web",
                            "POST /v2/apps/class-a/web/restart",
                            "GET /v2/apps/class-a/web/tasks",
                            "DELETE /v2/queue/class-a/web/delay",
                            "DELETE /v2/apps/class-a/spread");
            assertThat(client.qualify("/web")).isEqualTo("/class-a/web");
            assertThat(cluster.marathon().qualify("/web"))
                    .as("the shared client")
                    .isEqualTo("/web");
        }
    }

    @Test
    void listsShowOnlyTheNamespace() {
        try (ExternalCluster cluster = connect();
                NamespacedCluster classA = NamespacedCluster.of(cluster, "class-a");
                NamespacedCluster classB = NamespacedCluster.of(cluster, "class-b")) {
            assertThat(classA.marathon().apps())
                    .extracting(App::id)
                    .containsExactlyInAnyOrder("/class-a/web", "/class-a/spread");
            assertThat(classB.marathon().apps())
                    .extracting(App::id)
                    .containsExactlyInAnyOrder("/class-b/pv", "/class-b/byrack");
            assertThat(cluster.marathon().apps())
                    .as("the shared client sees all")
                    .hasSize(5);
            assertThat(classA.marathon().tasks())
                    .isNotEmpty()
                    .extracting(MarathonTask::appId)
                    .allMatch(id -> id.startsWith("/class-a/"));
            assertThat(classA.marathon().queue())
                    .as("/toomany waits, outside every namespace")
                    .isEmpty();
            assertThat(cluster.marathon().queue()).isNotEmpty();
            assertThat(classA.marathon().deployments())
                    .flatExtracting(Deployment::affectedApps)
                    .containsExactly("/class-a/spread");
            Group root = classB.marathon().groups();
            assertThat(root.apps()).isEmpty();
            assertThat(root.groups()).extracting(Group::id).containsExactly("/class-b");
        }
    }

    @Test
    void resetRemovesOnlyTheNamespaceAndWaitsForItsDeploymentAndTasks() {
        try (ExternalCluster cluster = connect();
                NamespacedCluster classA = NamespacedCluster.of(cluster, "class-a")) {
            Duration took = classA.reset();

            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(requests).filteredOn(r -> r.startsWith("DELETE")).containsExactly("DELETE /v2/groups/class-a");
            assertThat(deploymentReads.get())
                    .as("waited for /class-a/spread's deployment; /class-b/byrack's is not ours")
                    .isGreaterThan(1);
        }
    }

    @Test
    void checksOnTheViewResolveIdsInTheNamespace() {
        try (ExternalCluster cluster = connect();
                NamespacedCluster classA = NamespacedCluster.of(cluster, "class-a")) {
            ClusterPlacement.of(classA, "/web");

            assertThat(requests).contains("GET /v2/apps/class-a/web");
            assertThat(classA.describeState()).startsWith("App namespace /class-a of shared cluster external");
            assertThat(classA).hasToString("cluster external (" + cluster.id() + "), app namespace /class-a");
        }
    }

    @Test
    void closingTheViewLeavesTheSharedClientWorking() {
        try (ExternalCluster cluster = connect()) {
            NamespacedCluster.of(cluster, "class-a").close();

            assertThat(cluster.marathon().apps()).hasSize(5);
        }
    }

    @Test
    void aNamespaceIsOneMarathonIdSegment() {
        assertThat(AppNamespace.of("/web-deploy-test").group()).isEqualTo("/web-deploy-test");
        assertThatThrownBy(() -> AppNamespace.of("Web_Test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("App namespace 'Web_Test' is not valid");
        assertThatThrownBy(() -> AppNamespace.of("a/b")).hasMessageContaining("one Marathon id segment");
    }

    // ------------------------------------------------------------------ the captured cluster, shared by two classes

    /** Puts the captured apps into the two classes' namespaces. */
    private static String shared(String payload) {
        return payload.replaceAll("\"/(web|spread)\"", "\"/class-a/$1\"")
                .replaceAll("\"/(pv|byrack)\"", "\"/class-b/$1\"");
    }

    /** The captured root group with its apps moved into the groups of the namespaces. */
    private static String sharedGroups() {
        ObjectNode root = Fixtures.parse(shared(Fixtures.text("captured/marathon-v2-groups.json")));
        ArrayNode topApps = HttpSupport.mapper().createArrayNode();
        ArrayNode groups = root.putArray("groups");
        ObjectNode a = groups.addObject().put("id", "/class-a");
        ObjectNode b = groups.addObject().put("id", "/class-b");
        ArrayNode aApps = a.putArray("apps");
        ArrayNode bApps = b.putArray("apps");
        a.putArray("groups");
        b.putArray("groups");
        for (JsonNode app : root.get("apps")) {
            String id = app.path("id").asText();
            (id.startsWith("/class-a/") ? aApps : id.startsWith("/class-b/") ? bApps : topApps).add(app);
        }
        root.set("apps", topApps);
        return root.toString();
    }

    private static String merged(String... resources) {
        ArrayNode all = HttpSupport.mapper().createArrayNode();
        for (String resource : resources) {
            try {
                HttpSupport.readTree(Fixtures.text(resource)).forEach(all::add);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return all.toString();
    }

    private ExternalCluster connect() {
        return ExternalCluster.connect(mesos.url().toString(), marathon.url().toString());
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }
}
