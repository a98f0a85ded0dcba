package io.mesosharness.assertions;

import static io.mesosharness.assertions.FakeCluster.app;
import static io.mesosharness.assertions.FakeCluster.body;
import static io.mesosharness.assertions.FakeCluster.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.http.Fixtures;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.App;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Waits and checks on a class's namespaced view of a shared cluster: {@code "/spread"} means {@code /team-a/spread},
 * in the reads and in the event-stream filter. The captured /spread run is replayed with its ids moved into a
 * namespace ({@code "/spread"} → {@code "/team-a/spread"}).
 */
@Tag("unit")
class NamespacedWaitsTest {

    private static final String SPREAD_DEPLOYMENT = "05a7baa0-9087-4ec5-932b-0304f07898e6";
    private static final String OTHER = "0b0b0b0b-9087-4ec5-932b-0304f07898e6";

    private FakeCluster cluster;
    private NamespacedCluster teamA;
    private WatchTimings timings;

    @BeforeEach
    void setUp() {
        timings = WatchTimings.set(Duration.ofSeconds(2), Duration.ofMillis(100));
        cluster = new FakeCluster();
        teamA = NamespacedCluster.of(cluster, "team-a");
    }

    @AfterEach
    void tearDown() {
        timings.restore();
        cluster.close();
    }

    @Test
    void theNamespacedAppsDeploymentSuccessEndsTheWait() {
        cluster.route("GET /v2/apps/team-a/spread", body(spreadDuringDeployment("team-a"))).stream(
                stream("captured/marathon-v2-events-spread-full.txt", "team-a"));

        App app = Waits.awaitDeployed(teamA, "/spread", Duration.ofSeconds(30));

        assertThat(app.id()).isEqualTo("/team-a/spread");
        assertThat(app.tasksRunning()).isEqualTo(2);
        assertThat(cluster.hits("GET /v2/apps/team-a/spread")).isGreaterThan(1);
        assertThat(cluster.requests).noneMatch(r -> r.equals("GET /v2/apps/spread"));
    }

    @Test
    void eventsOfTheSameShortIdInAnotherNamespaceDoNotEndTheWait() {
        cluster
                .route("GET /v2/apps/team-a/spread", body(spreadDuringDeployment("team-a")))
                .route("GET /v2/deployments", () -> Fixtures.json("captured/marathon-v2-deployments-empty.json"))
                .json("GET /v2/queue", "captured/marathon-v2-queue.json")
                .json("GET /master/slaves", "captured/mesos-master-slaves.json")
                // another class's /spread finishes its own deployment (its own deployment id) on the same cluster
                .stream(stream("captured/marathon-v2-events-spread-full.txt", "team-b", SPREAD_DEPLOYMENT, OTHER));

        WaitFailedError error = catchThrowableOfType(
                WaitFailedError.class, () -> Waits.awaitDeployed(teamA, "/spread", Duration.ofSeconds(2)));

        assertThat(error.kind()).isEqualTo(WaitFailedError.Kind.TIMEOUT);
        assertThat(error.getMessage())
                .as("the message names the id Marathon knows")
                .startsWith("Expected /team-a/spread to be deployed within 2 s, but: deployment " + SPREAD_DEPLOYMENT
                        + " still running");
    }

    @Test
    void checksResolveIdsInTheNamespaceOnce() {
        assertThat(AppWatch.resolve(teamA, "/spread")).isEqualTo("/team-a/spread");
        assertThat(AppWatch.resolve(teamA, "spread")).isEqualTo("/team-a/spread");
        assertThat(AppWatch.resolve(teamA, "/team-a/spread"))
                .as("an id already in the namespace stays")
                .isEqualTo("/team-a/spread");
        assertThat(AppWatch.resolve(cluster, "/spread"))
                .as("the shared cluster's own handle")
                .isEqualTo("/spread");
    }

    /** Captured /spread, in the namespace, read while its deployment is still listed. */
    private static ObjectNode spreadDuringDeployment(String namespace) {
        ObjectNode wrapper = tree("captured/marathon-v2-apps-spread.json");
        app(wrapper).putArray("deployments").addObject().put("id", SPREAD_DEPLOYMENT);
        try {
            return (ObjectNode) HttpSupport.readTree(inNamespace(wrapper.toString(), namespace));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Supplier<MockResponse> stream(String resource, String namespace, String... renamedIds) {
        String text = inNamespace(Fixtures.text(resource), namespace);
        for (int i = 0; i + 1 < renamedIds.length; i += 2) {
            text = text.replace(renamedIds[i], renamedIds[i + 1]);
        }
        String body = text;
        return () -> new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "text/event-stream")
                .setBody(body)
                .throttleBody(1024, 100, TimeUnit.MILLISECONDS);
    }

    private static String inNamespace(String payload, String namespace) {
        return payload.replace("\"/spread\"", "\"/" + namespace + "/spread\"");
    }
}
