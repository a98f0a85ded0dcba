package io.mesosharness.assertions;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static io.mesosharness.testing.Fixtures.app;
import static io.mesosharness.testing.Fixtures.body;
import static io.mesosharness.testing.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.testing.FakeAgent;
import io.mesosharness.testing.FakeServer;
import io.mesosharness.testing.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The AssertJ checks on captured placements (faults A*), the captured /web health state and recorded streams. */
@Tag("unit")
class AppAssertTest {

    private FakeCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster();
        cluster.server.json("GET /master/slaves", "captured/faults/A-master-slaves.json");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private FakeServer capturedApp(String id, String resource) {
        return cluster.server.json("GET /v2/apps/" + id, "captured/faults/" + resource);
    }

    // ---------------------------------------------------------------- start order (groups with dependencies)

    /** Serves each app of a captured {@code GET /v2/groups/stack} answer at {@code GET /v2/apps/{id}}. */
    private void capturedStack(String resource) {
        for (var app : tree(resource).withArray("apps")) {
            ObjectNode wrapper = HttpSupport.mapper().createObjectNode();
            wrapper.set("app", app);
            cluster.server.route("GET /v2/apps" + app.get("id").asText(), body(wrapper));
        }
    }

    @Test
    void startedAfterPassesWhenMarathonKeptTheDependencyOrder() {
        // captured: /stack/db healthy at 18:56:18.936, /stack/api staged at 18.959, /stack/web at 19.355
        capturedStack("captured/marathon-v2-groups-stack-in-order.json");

        assertThat(cluster).app("/stack/api").startedAfter("/stack/db");
        assertThat(cluster).app("/stack/web").startedAfter("/stack/api").startedAfter("/stack/db");
    }

    @Test
    void startedAfterFailsWhenTheAppsStartedTogether() {
        // captured: the same stack without dependencies; /stack/api staged before /stack/db was even staged
        capturedStack("captured/marathon-v2-groups-stack-no-dependencies.json");

        assertThatThrownBy(() -> assertThat(cluster).app("/stack/api").startedAfter("/stack/db"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected /stack/api to start after /stack/db was ready, but its first task was"
                        + " staged at 2026-12-07T18:56:32.514Z, when 0 of 1 instances of /stack/db were running and"
                        + " healthy.")
                .hasMessageContaining("ready at 2026-12-07T18:56:37.494Z");
        assertThatThrownBy(() -> assertThat(cluster).app("/stack/web").startedAfter("/stack/api"))
                .hasMessageContaining("when 0 of 1 instances of /stack/api were running.");
    }

    // ---------------------------------------------------------------- placement

    @Test
    void groupByTwoPlacementSatisfiesItsConstraintsAndSpreadsEvenlyOverRacks() {
        capturedApp("a04", "A04-rack-GROUP_BY-2-app.json");

        assertThat(cluster)
                .app("/a04")
                .isDeployed()
                .hasRunningInstances(6)
                .satisfiesItsConstraints()
                .isSpreadEvenlyBy("rack")
                .isSpreadOver("rack", 2)
                .hasAtMostPerAgent(3);
    }

    @Test
    void likePlacementRunsOnlyOnSsdAgents() {
        capturedApp("a06", "A06-disk_type-LIKE-ss-app.json");

        assertThat(cluster).app("a06").satisfiesItsConstraints().runsOnlyOn("disk_type", "ssd");
    }

    @Test
    void unlikePlacementIsNotSpreadOverRacksAndTheMessageShowsTheTable() {
        capturedApp("a07", "A07-disk_type-UNLIKE-ssd-app.json");

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/a07")
                        .satisfiesItsConstraints()
                        .isSpreadEvenlyBy("rack"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected /a07 to be evenly spread over the values of rack, but:")
                .hasMessageContaining("rack=a has 3")
                .hasMessageMatching("(?s).*cf-a2 +rack:a;zone:z2;disk_type:hdd +3.*")
                .hasMessageMatching("(?s).*rack=b +agents cf-b1, cf-b2 +tasks 0.*")
                .hasMessageContaining("Constraints of /a07: [[\"disk_type\",\"UNLIKE\",\"ssd\"]]");
    }

    @Test
    void violatedConstraintIsReportedWithTheAppsConstraints() {
        // the captured A07 placement (3 tasks on cf-a2) judged against UNIQUE hostnames
        ObjectNode a07 = tree("captured/faults/A07-disk_type-UNLIKE-ssd-app.json");
        app(a07).putArray("constraints").addArray().add("hostname").add("UNIQUE");
        cluster.server.route("GET /v2/apps/a07", body(a07));

        assertThatThrownBy(() -> assertThat(cluster).app("/a07").satisfiesItsConstraints())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected /a07 to satisfy [[\"hostname\",\"UNIQUE\"]], but:")
                .hasMessageContaining("cf-a2")
                .hasMessageContaining("Constraints of /a07: [[\"hostname\",\"UNIQUE\"]]");
    }

    @Test
    void atMostPerAgentAndOnlyOnFailWithTheOffendingAgents() {
        capturedApp("a07", "A07-disk_type-UNLIKE-ssd-app.json");

        assertThatThrownBy(() -> assertThat(cluster).app("/a07").hasAtMostPerAgent(1))
                .hasMessageContaining("cf-a2 runs 3 tasks: expected at most 1 task per agent");
        assertThatThrownBy(() -> assertThat(cluster).app("/a07").runsOnlyOn("rack", "b"))
                .hasMessageContaining("expected only on agents with rack=b");
    }

    @Test
    void placementOfAnAppThatNeverFinishesDeployingCannotBeJudged() {
        capturedApp("a02", "A02-hostname-UNIQUE-x5-app.json")
                .json("GET /v2/queue", "captured/faults/A02-hostname-UNIQUE-x5-queue.json")
                .json("GET /v2/deployments", "captured/faults/A02-hostname-UNIQUE-x5-deployments.json");

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/a02")
                        .within(Duration.ofSeconds(1))
                        .satisfiesItsConstraints())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Cannot judge the placement: Expected /a02 to be deployed within 1 s")
                .hasMessageContaining("\nDeclined offers: UnfulfilledConstraint 22\n");
    }

    @Test
    void isDeployedFailsWithTheRejectReasonOfTheUnsatisfiableConstraint() {
        capturedApp("a10", "A10-rack-IS-c-app.json")
                .json("GET /v2/queue", "captured/faults/A10-rack-IS-c-queue.json")
                .json("GET /v2/deployments", "captured/faults/A10-rack-IS-c-deployments.json");

        assertThatThrownBy(() -> assertThat(cluster)
                        .within(Duration.ofSeconds(1))
                        .app("/a10")
                        .isDeployed())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("running 0 of 1")
                .hasMessageContaining("\nDeclined offers: UnfulfilledConstraint 12\n")
                .hasMessageContaining("Constraints of /a10: [[\"rack\",\"IS\",\"c\"]]");
    }

    @Test
    void satisfiesItsConstraintsOnAnAppWithoutConstraintsIsBadInput() {
        cluster.server.json("GET /v2/apps/web", "captured/marathon-v2-apps-web-embed-tasks.json");

        assertThatThrownBy(() -> assertThat(cluster).app("/web").satisfiesItsConstraints())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app /web has no constraints");
    }

    @Test
    void hasNoTasksOnFailsNamingTheTasksStillThere() {
        cluster.server
                .json("GET /v2/apps/spread", "captured/marathon-v2-apps-spread.json")
                .json("GET /master/slaves", "captured/mesos-master-slaves.json");
        FakeAgent agentA = new FakeAgent("mh-agent-a", "861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S0", c -> "");

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/spread")
                        .within(Duration.ofMillis(500))
                        .hasNoTasksOn(agentA))
                .hasMessageContaining(
                        "Expected /spread to have no running task on mh-agent-a within 500 ms, but: 1 running "
                                + "there: [spread.instance-e7f37869-e870-11f1-beda-0242ac1d000a._app.1]");
    }

    // ---------------------------------------------------------------- health

    /** The captured healthy /web as Marathon shows it while its checks fail: results not alive, counted unhealthy. */
    private static ObjectNode webFailing() {
        ObjectNode web = tree("captured/marathon-v2-apps-web-embed-tasks.json");
        app(web).put("tasksHealthy", 0).put("tasksUnhealthy", 1);
        for (JsonNode task : app(web).get("tasks")) {
            for (JsonNode result : task.get("healthCheckResults")) {
                ((ObjectNode) result).put("alive", false);
            }
        }
        return web;
    }

    @Test
    void becomesHealthyOnceTheChecksPass() {
        cluster.server.route(
                "GET /v2/apps/web",
                body(webFailing()),
                body(webFailing()),
                () -> Fixtures.json("captured/marathon-v2-apps-web-embed-tasks.json"));

        assertThat(cluster)
                .app("/web")
                .within(Duration.ofSeconds(30))
                .becomesHealthy()
                .hasHealthyInstances(1);
    }

    @Test
    void becomesUnhealthyOnATaskWithAFailingCheck() {
        cluster.server.route("GET /v2/apps/web", body(webFailing()));

        assertThat(cluster).app("/web").within(Duration.ofSeconds(30)).becomesUnhealthy();
    }

    @Test
    void becomesUnhealthyTimesOutShowingThePassingChecks() {
        cluster.server.json("GET /v2/apps/web", "captured/marathon-v2-apps-web-embed-tasks.json");

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/web")
                        .within(Duration.ofSeconds(1))
                        .becomesUnhealthy())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected /web to become unhealthy within 1 s, but: every health check passes "
                        + "(healthy 1 of 1)")
                .hasMessageContaining("task web.instance-ff836c1f-e870-11f1-beda-0242ac1d000a._app.1 TASK_RUNNING on "
                        + "mh-agent-a: alive (0 consecutive failures); alive (0 consecutive failures);");
    }

    @Test
    void becomesHealthyTimesOutShowingTheFailingChecks() {
        cluster.server.route("GET /v2/apps/web", body(webFailing()));

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/web")
                        .within(Duration.ofSeconds(1))
                        .becomesHealthy())
                .hasMessageContaining("Expected /web to become healthy within 1 s, but: healthy 0 of 1 instances "
                        + "(running 1, unhealthy 1)")
                .hasMessageContaining("failing (0 consecutive failures)");
    }

    @Test
    void healthChecksOnAnAppWithoutHealthChecksAreBadInput() {
        cluster.server.json("GET /v2/apps/spread", "captured/marathon-v2-apps-spread.json");

        assertThatThrownBy(() -> assertThat(cluster).app("/spread").becomesHealthy())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app /spread has no health checks");
        assertThatThrownBy(() -> Waits.awaitUnhealthy(cluster, "/spread", Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app /spread has no health checks");
        org.assertj.core.api.Assertions.assertThat(cluster.server.requests)
                .filteredOn(r -> !r.startsWith("GET /v2/apps"))
                .isEmpty();
    }

    @Test
    void unknownAppIsNamed() {
        cluster.server.route(
                "GET /v2/apps/nope",
                () -> Fixtures.captured(
                        "captured/marathon-v2-apps-GET-404.headers.txt", "captured/marathon-v2-apps-GET-404.json"));

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/nope")
                        .within(Duration.ofMillis(300))
                        .isDeployed())
                .hasMessageContaining("Expected /nope to be deployed within 300 ms, but: app /nope does not exist")
                .hasMessageContaining("Counts: /nope does not exist in Marathon");
        assertThatThrownBy(() -> assertThat(cluster).app(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app id must not be empty");
        org.assertj.core.api.Assertions.assertThat(cluster.server.hits("GET /v2/apps/nope"))
                .isPositive();
    }
}
