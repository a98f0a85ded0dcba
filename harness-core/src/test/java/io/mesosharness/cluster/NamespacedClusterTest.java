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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

/**
 * A test class's namespaced view of a shared cluster, on the captured Marathon 1.8 payloads rewritten so that two
 * classes share the cluster: {@code /web} and {@code /spread} are class A's ({@code /class-a/...}), {@code /pv} and
 * {@code /byrack} class B's, {@code /toomany} nobody's (top level).
 */
@Tag("unit")
class NamespacedClusterTest {

    private final MockWebServer mesos = new MockWebServer();
    private final MockWebServer marathon = new MockWebServer();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicBoolean groupDeleted = new AtomicBoolean();
    private final AtomicInteger deploymentReads = new AtomicInteger();

    @BeforeEach
    void serveASharedCluster() throws IOException {
        String killed = read("captured/mesos-master-tasks.json").replace("\"TASK_RUNNING\"", "\"TASK_KILLED\"");
        mesos.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return switch (request.getRequestUrl().encodedPath()) {
                    case "/master/state" -> json(read("captured/mesos-master-state.json"));
                    case "/master/slaves" -> json(read("captured/mesos-master-slaves.json"));
                    case "/master/tasks" ->
                        json(groupDeleted.get() ? killed : read("captured/mesos-master-tasks.json"));
                    default -> new MockResponse().setResponseCode(404);
                };
            }
        });
        marathon.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String key = request.getMethod() + " " + request.getRequestUrl().encodedPath();
                requests.add(key);
                bodies.add(request.getBody().readUtf8());
                if (key.startsWith("GET /v2/apps/") && key.endsWith("/tasks")) {
                    return json("{\"tasks\": []}");
                }
                if (key.startsWith("GET /v2/apps/class-a/web")) {
                    return json(shared(read("captured/marathon-v2-apps-web-embed-tasks.json")));
                }
                return switch (key) {
                    case "GET /v2/info" -> json(read("captured/marathon-v2-info.json"));
                    case "GET /v2/apps" -> json(shared(read("captured/marathon-v2-apps-embed-tasks.json")));
                    case "GET /v2/tasks" -> json(shared(read("captured/marathon-v2-tasks.json")));
                    case "GET /v2/queue" -> json(read("captured/marathon-v2-queue-embed-lastUnusedOffers.json"));
                    case "GET /v2/groups" -> json(sharedGroups());
                    case "POST /v2/apps" ->
                        json(read("captured/marathon-v2-apps-POST-201.json")).setResponseCode(201);
                    case "DELETE /v2/groups/class-a" -> {
                        groupDeleted.set(true);
                        yield json(read("captured/marathon-v2-apps-DELETE.json"));
                    }
                    case "GET /v2/deployments" ->
                        json(shared(
                                deploymentReads.getAndIncrement() == 0
                                        ? merged(
                                                "captured/marathon-v2-deployments-during-spread.json",
                                                "captured/marathon-v2-deployments-during-byrack.json")
                                        : read("captured/marathon-v2-deployments-during-byrack.json")));
                    default -> json(read("captured/marathon-v2-apps-DELETE.json"));
                };
            }
        });
        mesos.start();
        marathon.start();
    }

    @AfterEach
    void stop() throws IOException {
        mesos.shutdown();
        marathon.shutdown();
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

            assertThat(HttpSupport.readTree(bodies.get(requests.indexOf("POST /v2/apps")))
                            .path("id")
                            .asText())
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
        try {
            ObjectNode root = (ObjectNode) HttpSupport.readTree(shared(read("captured/marathon-v2-groups.json")));
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
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    private static String read(String resource) {
        try (InputStream in = NamespacedClusterTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + resource, e);
        }
    }
}
