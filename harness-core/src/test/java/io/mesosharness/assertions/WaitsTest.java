package io.mesosharness.assertions;

import static io.mesosharness.testing.Fixtures.app;
import static io.mesosharness.testing.Fixtures.body;
import static io.mesosharness.testing.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.placement.InvalidConstraintException;
import io.mesosharness.testing.Fixtures;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The waits on captured Marathon 1.8 app, queue and deployment payloads, served in the order a real run saw them. */
@Tag("unit")
class WaitsTest {

    private static final String SPREAD_DEPLOYMENT = "05a7baa0-9087-4ec5-932b-0304f07898e6";

    private FakeCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** Captured /spread, read while its deployment (the one of the captured stream of the same run) is still listed. */
    private static ObjectNode spreadDuringDeployment() {
        ObjectNode wrapper = tree("captured/marathon-v2-apps-spread.json");
        app(wrapper).putArray("deployments").addObject().put("id", SPREAD_DEPLOYMENT);
        return wrapper;
    }

    @Test
    void theWaitEndsOnceTheDeploymentIsGoneFromTheApp() {
        cluster.server.route(
                "GET /v2/apps/spread",
                body(spreadDuringDeployment()),
                body(spreadDuringDeployment()),
                body(spreadDuringDeployment()),
                () -> Fixtures.json("captured/marathon-v2-apps-spread.json"));

        App app = Waits.awaitDeployed(cluster, "/spread", Duration.ofSeconds(30));

        assertThat(app.deployments()).isEmpty();
        assertThat(app.tasksRunning()).isEqualTo(2);
    }

    @Test
    void aDeploymentStillListedAtTheDeadlineIsATimeoutThatNamesIt() {
        cluster.server
                .route("GET /v2/apps/spread", body(spreadDuringDeployment()))
                .route("GET /v2/deployments", () -> Fixtures.json("captured/marathon-v2-deployments-empty.json"))
                .json("GET /v2/queue", "captured/marathon-v2-queue.json")
                .json("GET /master/slaves", "captured/mesos-master-slaves.json");

        WaitFailedError error = catchThrowableOfType(
                WaitFailedError.class, () -> Waits.awaitDeployed(cluster, "/spread", Duration.ofSeconds(2)));

        assertThat(error.kind()).isEqualTo(WaitFailedError.Kind.TIMEOUT);
        assertThat(error.getMessage())
                .startsWith("Expected /spread to be deployed within 2 s, but: deployment " + SPREAD_DEPLOYMENT
                        + " still running (running 2 of 2)")
                .contains("Counts: /spread: instances 2, staged 0, running 2, healthy 0, unhealthy 0")
                .contains("Constraints of /spread: [[\"hostname\",\"UNIQUE\"]]")
                .contains("Deployments in progress:\n  " + SPREAD_DEPLOYMENT)
                .containsPattern("mh-agent-a +rack:a +1");
    }

    @Test
    void unsatisfiableDeploymentTimesOutWithCountsQueueAndRejectSummary() {
        cluster.server
                .json("GET /v2/apps/a02", "captured/faults/A02-hostname-UNIQUE-x5-app.json")
                .json("GET /v2/queue", "captured/faults/A02-hostname-UNIQUE-x5-queue.json")
                .json("GET /v2/deployments", "captured/faults/A02-hostname-UNIQUE-x5-deployments.json")
                .json("GET /master/slaves", "captured/faults/A-master-slaves.json");

        WaitFailedError error = catchThrowableOfType(
                WaitFailedError.class, () -> Waits.awaitDeployed(cluster, "a02", Duration.ofSeconds(3)));

        assertThat(error.kind()).isEqualTo(WaitFailedError.Kind.TIMEOUT);
        assertThat(error.getMessage())
                .startsWith(
                        "Expected /a02 to be deployed within 3 s, but: deployment 1e1a1045-b1f4-4798-b12a-d1ed0878e482 "
                                + "still running (running 4 of 5)")
                .contains("Counts: /a02: instances 5, staged 0, running 4, healthy 0, unhealthy 0, deployments "
                        + "[1e1a1045-b1f4-4798-b12a-d1ed0878e482]")
                .contains("Deployments in progress:\n  1e1a1045-b1f4-4798-b12a-d1ed0878e482: step 2 of 2 "
                        + "[ScaleApplication /a02]")
                .contains("Waiting in Marathon's launch queue: /a02: 1 waiting since 2026-11-25T01:49:08.401Z, "
                        + "26 offers processed")
                .contains("\nDeclined offers: UnfulfilledConstraint 22\n")
                .contains("last declined offers:\n    cf-b2: [UnfulfilledConstraint]")
                .contains("Constraints of /a02: [[\"hostname\",\"UNIQUE\"]]")
                .containsPattern("cf-a1 +rack:a;zone:z1;disk_type:ssd +1");
    }

    @Test
    void aDeploymentReplacedByAnotherFailsAtOnce() {
        // the app lists deployment 1e1a1045-… (captured), not the one waited for: a forced change replaced it
        cluster.server
                .json("GET /v2/apps/a02", "captured/faults/A02-hostname-UNIQUE-x5-app.json")
                .json("GET /v2/queue", "captured/faults/A02-hostname-UNIQUE-x5-queue.json")
                .json("GET /v2/deployments", "captured/faults/A02-hostname-UNIQUE-x5-deployments.json")
                .json("GET /master/slaves", "captured/faults/A-master-slaves.json");

        WaitFailedError error = catchThrowableOfType(
                WaitFailedError.class,
                () -> Waits.awaitDeployment(
                        cluster, "/a02", "e1956646-d90d-4526-956b-54d39406cbc5", Duration.ofSeconds(60)));

        assertThat(error.kind()).isEqualTo(WaitFailedError.Kind.DEPLOYMENT_FAILED);
        assertThat(error.getMessage())
                .startsWith("Expected /a02 to finish deployment e1956646-d90d-4526-956b-54d39406cbc5, but deployment "
                        + "e1956646-d90d-4526-956b-54d39406cbc5 was replaced by deployment "
                        + "1e1a1045-b1f4-4798-b12a-d1ed0878e482 before it finished")
                .contains("Counts: /a02: instances 5");
        assertThat(cluster.server.hits("GET /v2/apps/a02")).isEqualTo(1);
    }

    @Test
    void deployAndAwaitCreatesThenEndsWhenTheDeploymentIsGoneFromTheApp() {
        cluster.server
                .route(
                        "POST /v2/apps",
                        () -> Fixtures.captured(
                                "captured/marathon-v2-apps-POST-201.headers.txt",
                                "captured/marathon-v2-apps-POST-201.json"))
                .json("GET /v2/apps/spread", "captured/marathon-v2-apps-spread.json");
        MarathonApp spread =
                MarathonApp.command("/spread", "sleep 3600").withInstances(2).withConstraint("hostname", "UNIQUE");

        App app = Waits.deployAndAwait(cluster, spread, Duration.ofSeconds(10));

        assertThat(app.tasksRunning()).isEqualTo(2);
        assertThat(cluster.server.requests).containsSubsequence("POST /v2/apps", "GET /v2/apps/spread");
    }

    @Test
    void deployAndAwaitRejectsAnInvalidConstraintBeforeSendingAnything() {
        MarathonApp bad = MarathonApp.fromJson(
                "{\"id\":\"/bad\",\"cmd\":\"sleep 1\"," + "\"constraints\":[[\"rack\",\"GROUP_BY\",\"x\"]]}");

        assertThatThrownBy(() -> Waits.deployAndAwait(cluster, bad, Duration.ofSeconds(5)))
                .isInstanceOf(InvalidConstraintException.class)
                .hasMessageContaining("constraints[0]")
                .hasMessageContaining("GROUP BY must define an integer value or else no value at all");
        assertThat(cluster.server.requests).isEmpty();
    }

    @Test
    void deployAndAwaitRejectsAResidentAppWithAnEnabledUnreachableStrategy() {
        ObjectNode json = MarathonApp.command("/db", "sleep 3600")
                .withPersistentVolume("data", 32)
                .toObjectNode();
        json.putObject("unreachableStrategy").put("inactiveAfterSeconds", 0).put("expungeAfterSeconds", 0);
        MarathonApp db = MarathonApp.fromJson(json.toString());

        assertThatThrownBy(() -> Waits.deployAndAwait(cluster, db, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app /db")
                .hasMessageContaining("unreachableStrategy must be \"disabled\" for resident tasks");
        assertThat(cluster.server.requests).isEmpty();
    }

    @Test
    void deployAndAwaitNeverOverwritesAnAppOnAnExternalClusterOutsideANamespace() {
        cluster.external()
                .server
                .route(
                        "POST /v2/apps",
                        () -> Fixtures.json("upstream/marathon/examples/from-docs/error-409-app-exists.json")
                                .setResponseCode(409));
        MarathonApp spread = MarathonApp.command("/spread", "sleep 3600").withInstances(2);

        assertThatThrownBy(() -> Waits.deployAndAwait(cluster, spread, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("app /spread already exists in the external Marathon")
                .hasMessageContaining("outside any app namespace")
                .hasMessageContaining("NamespacedCluster.of(cluster, \"my-tests\")");
        assertThat(cluster.server.requests).doesNotContain("PUT /v2/apps/spread");
    }

    @Test
    void deployAndAwaitUpdatesAnAppThatExistsInItsOwnCluster() {
        cluster.server
                .route(
                        "POST /v2/apps",
                        () -> Fixtures.captured(
                                "captured/marathon-v2-apps-POST-201.headers.txt",
                                "captured/marathon-v2-apps-POST-201.json"),
                        () -> Fixtures.json("upstream/marathon/examples/from-docs/error-409-app-exists.json")
                                .setResponseCode(409))
                // same shape as Marathon's answer to PUT /v2/apps/{id}: {version, deploymentId}
                .json("PUT /v2/apps/spread", "captured/marathon-v2-apps-pv-restart-POST.json")
                .json("GET /v2/apps/spread", "captured/marathon-v2-apps-spread.json");
        MarathonApp spread = MarathonApp.command("/spread", "sleep 3600").withInstances(2);
        cluster.marathon().create(spread);

        App app = Waits.deployAndAwait(cluster, spread, Duration.ofSeconds(10));

        assertThat(app.tasksRunning()).isEqualTo(2);
        assertThat(cluster.server.requests)
                .containsSubsequence("POST /v2/apps", "POST /v2/apps", "PUT /v2/apps/spread");
    }

    @Test
    void marathonAwayOrWithoutLeaderCountsAsNotYetUntilTheDeadline() {
        // Marathon restarts (master failover): 503, then 502 "no leader" (CONTRACT §4), then the app
        cluster.server.route(
                "GET /v2/apps/spread",
                () -> new MockResponse().setResponseCode(503).setBody("ZooKeeper timed out"),
                () -> new MockResponse().setResponseCode(502).setBody("Could not determine the current leader"),
                () -> Fixtures.json("captured/marathon-v2-apps-spread.json"));

        App app = Waits.awaitDeployed(cluster, "/spread", Duration.ofSeconds(10));

        assertThat(app.tasksRunning()).isEqualTo(2);
        assertThat(cluster.server.hits("GET /v2/apps/spread")).isEqualTo(3);
        assertThat(Waits.isTransient(new io.mesosharness.marathon.MarathonException(
                        0, "GET", "http://marathon:8080/v2/apps/x", "Connection refused", null, null, null)))
                .isTrue();
    }

    @Test
    void marathonStillAwayAtTheDeadlineIsATimeoutThatSaysSo() {
        cluster.server.route(
                "GET /v2/apps/spread",
                () -> Fixtures.json("captured/marathon-v2-apps-spread.json")
                        .setResponseCode(503)
                        .setBody("ZooKeeper timed out"));

        WaitFailedError error = catchThrowableOfType(
                WaitFailedError.class, () -> Waits.awaitDeployed(cluster, "/spread", Duration.ofSeconds(1)));

        assertThat(error.kind()).isEqualTo(WaitFailedError.Kind.TIMEOUT);
        assertThat(error.getMessage())
                .startsWith(
                        "Expected /spread to be deployed within 1 s, but: Marathon did not " + "answer the last read")
                .contains("503");
        assertThat(cluster.server.hits("GET /v2/apps/spread")).isGreaterThan(1);
    }

    @Test
    void aMarathonErrorThatDoesNotPassByItselfFailsAtOnce() {
        cluster.server.route(
                "GET /v2/apps/spread",
                () -> new MockResponse().setResponseCode(500).setBody("boom"));

        assertThatThrownBy(() -> Waits.awaitDeployed(cluster, "/spread", Duration.ofSeconds(30)))
                .isInstanceOf(io.mesosharness.marathon.MarathonException.class)
                .hasMessageContaining("500");
        assertThat(cluster.server.hits("GET /v2/apps/spread")).isEqualTo(1);
    }

    @Test
    void scaleAndAwaitReportsTheRemovedTask() {
        ObjectNode scaled = tree("captured/marathon-v2-apps-spread.json");
        app(scaled).put("instances", 1).put("tasksRunning", 1);
        Fixtures.removeTasksExcept(app(scaled), 1);
        cluster.server
                .route(
                        "GET /v2/apps/spread",
                        () -> Fixtures.json("captured/marathon-v2-apps-spread.json"),
                        body(scaled))
                // same shape as Marathon's answer to PUT /v2/apps/{id}: {version, deploymentId}
                .json("PUT /v2/apps/spread", "captured/marathon-v2-apps-pv-restart-POST.json");

        TaskSetChange change = Waits.scaleAndAwait(cluster, "/spread", 1, Duration.ofSeconds(10));

        assertThat(change.before()).hasSize(2);
        assertThat(change.added()).isEmpty();
        assertThat(change.removed()).containsExactly("spread.instance-e7f39f7a-e870-11f1-beda-0242ac1d000a._app.1");
        assertThat(change.after()).containsExactly("spread.instance-e7f37869-e870-11f1-beda-0242ac1d000a._app.1");
    }

    @Test
    void restartAndAwaitEndsWhenEveryOldTaskWasReplaced() {
        ObjectNode restarted = tree("captured/marathon-v2-apps-pv-embed-tasks.json");
        ((com.fasterxml.jackson.databind.node.ArrayNode) app(restarted).get("tasks"))
                .set(0, tree("captured/marathon-v2-apps-pv-tasks-DELETE.json").get("task"));
        ObjectNode during = tree("captured/marathon-v2-apps-pv-embed-tasks.json");
        app(during).putArray("deployments").addObject().put("id", "2fadd1ea-f0ad-4b97-8374-60e4f0d75546");
        cluster.server
                .route(
                        "GET /v2/apps/pv",
                        () -> Fixtures.json("captured/marathon-v2-apps-pv-embed-tasks.json"),
                        body(during),
                        body(restarted))
                .json("POST /v2/apps/pv/restart", "captured/marathon-v2-apps-pv-restart-POST.json");

        TaskSetChange change = Waits.restartAndAwait(cluster, "/pv", Duration.ofSeconds(10));

        assertThat(change.removed()).containsExactly("pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.2");
        assertThat(change.added()).containsExactly("pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.3");
        assertThat(change.toString()).contains("removed [pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.2]");
    }
}
