package io.mesosharness.assertions;

import static io.mesosharness.testing.Fixtures.app;
import static io.mesosharness.testing.Fixtures.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.App;
import io.mesosharness.testing.Fixtures;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Waits and checks on a class's namespaced view of a shared cluster: {@code "/spread"} means {@code /team-a/spread}.
 * The captured /spread payload is served with its ids moved into a namespace ({@code "/spread"} →
 * {@code "/team-a/spread"}).
 */
@Tag("unit")
class NamespacedWaitsTest {

    private static final String SPREAD_DEPLOYMENT = "05a7baa0-9087-4ec5-932b-0304f07898e6";

    private FakeCluster cluster;
    private NamespacedCluster teamA;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster();
        teamA = NamespacedCluster.of(cluster, "team-a");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void theWaitReadsTheNamespacedApp() {
        cluster.server
                .route("GET /v2/apps/team-a/spread", body(spreadDuringDeployment("team-a")), body(spread("team-a")))
                // another class's /spread, outside the namespace, still deploying
                .route("GET /v2/apps/spread", body(spreadDuringDeployment("team-b")));

        App app = Waits.awaitDeployed(teamA, "/spread", Duration.ofSeconds(30));

        assertThat(app.id()).isEqualTo("/team-a/spread");
        assertThat(app.tasksRunning()).isEqualTo(2);
        assertThat(cluster.server.requests).noneMatch(r -> r.equals("GET /v2/apps/spread"));
    }

    @Test
    void aTimeoutNamesTheIdMarathonKnows() {
        cluster.server
                .route("GET /v2/apps/team-a/spread", body(spreadDuringDeployment("team-a")))
                .route("GET /v2/deployments", () -> Fixtures.json("captured/marathon-v2-deployments-empty.json"))
                .json("GET /v2/queue", "captured/marathon-v2-queue.json")
                .json("GET /master/slaves", "captured/mesos-master-slaves.json");

        WaitFailedError error = catchThrowableOfType(
                WaitFailedError.class, () -> Waits.awaitDeployed(teamA, "/spread", Duration.ofSeconds(2)));

        assertThat(error.kind()).isEqualTo(WaitFailedError.Kind.TIMEOUT);
        assertThat(error.getMessage())
                .startsWith("Expected /team-a/spread to be deployed within 2 s, but: deployment " + SPREAD_DEPLOYMENT
                        + " still running");
    }

    @Test
    void checksResolveIdsInTheNamespaceOnce() {
        assertThat(teamA.marathon().qualify("/spread")).isEqualTo("/team-a/spread");
        assertThat(teamA.marathon().qualify("spread")).isEqualTo("/team-a/spread");
        assertThat(teamA.marathon().qualify("/team-a/spread"))
                .as("an id already in the namespace stays")
                .isEqualTo("/team-a/spread");
        assertThat(cluster.marathon().qualify("/spread"))
                .as("the shared cluster's own handle")
                .isEqualTo("/spread");
    }

    /** Captured /spread, in the namespace, read while its deployment is still listed. */
    private static ObjectNode spreadDuringDeployment(String namespace) {
        ObjectNode wrapper = spread(namespace);
        app(wrapper).putArray("deployments").addObject().put("id", SPREAD_DEPLOYMENT);
        return wrapper;
    }

    /** Captured /spread, deployed, in the namespace. */
    private static ObjectNode spread(String namespace) {
        try {
            return (ObjectNode) HttpSupport.readTree(Fixtures.text("captured/marathon-v2-apps-spread.json")
                    .replace("\"/spread\"", "\"/" + namespace + "/spread\""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
