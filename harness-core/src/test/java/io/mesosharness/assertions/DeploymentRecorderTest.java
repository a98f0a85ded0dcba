package io.mesosharness.assertions;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.testing.Fixtures;
import java.time.Duration;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The recorder and the deployment capacity checks on a MockWebServer Marathon replaying composed event streams
 * (composed/README.md): each stream attaches at once and delivers its events about a second later, after the
 * recorder listed the tasks, as if the restart had been requested then.
 */
@Tag("unit")
class DeploymentRecorderTest {

    private FakeCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** The attach block at once, ~1 s of SSE comments, then the events, served at 10 kB/s; stays open after. */
    private static Supplier<MockResponse> replay(String resource) {
        return replay(resource, "\u0000");
    }

    /** Like {@link #replay(String)}, pausing ~1 s after each event whose data contains {@code pauseAfter}. */
    private static Supplier<MockResponse> replay(String resource, String pauseAfter) {
        String pause = ":\n\n".repeat(3400);
        String text = Fixtures.text(resource);
        int end = text.indexOf("\r\n\r\n") + 4;
        StringBuilder body = new StringBuilder(text.substring(0, end)).append(pause);
        for (String block : text.substring(end).split("(?<=\r\n\r\n)")) {
            body.append(block).append(block.contains(pauseAfter) ? pause : "");
        }
        String all = body.append(":\n\n".repeat(40000)).toString();
        return () -> Fixtures.sseBody(all).get().throttleBody(1024, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Test
    void restartThatKeepsHalfPassesTheCapacityChecksOfItsUpgradeStrategy() {
        cluster.server.json("GET /v2/apps/web", "composed/web-4-instances-half-app.json").stream(
                replay("composed/web-restart-keeps-half-events.txt"));

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
            assertThat(cluster)
                    .app("/web")
                    .within(Duration.ofSeconds(30))
                    .lastDeployment()
                    .succeeded()
                    .keptHealthyCapacityAtLeast(0.5)
                    .neverExceeded(1.0)
                    .keptItsUpgradeStrategy();
            assertThat(recording.timeline("/web"))
                    .extracting(CapacityPoint::healthy)
                    .contains(4, 2);
        }
    }

    @Test
    void restartThatDropsToZeroFailsWithTheTimeline() {
        cluster.server.json("GET /v2/apps/web", "composed/web-2-instances-zero-app.json").stream(
                replay("composed/web-restart-drops-to-zero-events.txt"));

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
            DeploymentAssert last = assertThat(cluster)
                    .app("/web")
                    .within(Duration.ofSeconds(30))
                    .lastDeployment();

            last.keptItsUpgradeStrategy(); // minimumHealthCapacity 0: Marathon kept its promise
            assertThatThrownBy(() -> last.keptHealthyCapacityAtLeast(0.5))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expected /web to keep at least 1 of 2 instances healthy (50 %, as asked) "
                            + "during deployment 7c41f2d0-8b3a-4e5f-a1c6-2f9e8d7b6a02, but healthy fell to 0.")
                    .hasMessageContaining("minimumHealthCapacity 0.0, maximumOverCapacity 0.0; instances 2")
                    .hasMessageMatching("(?s).*\n  02:10:00\\.100 +2 +2 +0 +deployment started 7c41f2d0.*")
                    .hasMessageMatching("(?s).*\n> 02:10:00\\.\\d{3} +0 +0 +0 +TASK_KILLING web\\.instance-.*")
                    .hasMessageMatching("(?s).*\n  02:10:0\\d\\.\\d{3} +2 +2 +0 +deployment_success 7c41f2d0.*");
        }
    }

    @Test
    void unhealthyPeriodOfTheRemainingOldInstanceFailsHalfCapacity() {
        cluster.server.json("GET /v2/apps/web", "composed/web-2-instances-half-app.json").stream(
                replay("composed/web-restart-unhealthy-old-events.txt"));

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
            assertThatThrownBy(() -> assertThat(cluster)
                            .app("/web")
                            .within(Duration.ofSeconds(30))
                            .lastDeployment()
                            .keptItsMinimumHealthCapacity())
                    .hasMessageContaining("(50 %, the app's upgradeStrategy.minimumHealthCapacity)")
                    .hasMessageMatching("(?s).*\n> \\S+ +0 +2 +0 +unhealthy web\\.instance-ff836c11.*");
        }
    }

    @Test
    void readinessIsReadFromTheRunningDeploymentForAppsWithReadinessChecks() {
        cluster
                .server
                .json("GET /v2/apps/ready", "composed/ready-2-instances-app.json")
                .json("GET /v2/deployments", "composed/ready-deployments-during-restart.json")
                .stream(replay("composed/ready-restart-events.txt", "\"healthy\":true"));

        assertThat(cluster.marathon()
                        .deployments()
                        .get(0)
                        .currentActions()
                        .get(0)
                        .readinessCheckResults())
                .extracting(io.mesosharness.marathon.ReadinessCheckResult::ready)
                .containsExactly(true, true);
        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/ready")) {
            // the stream pauses after each new instance became healthy: the poll reads it ready meanwhile
            assertThat(cluster)
                    .app("/ready")
                    .within(Duration.ofSeconds(30))
                    .lastDeployment()
                    .succeeded()
                    .keptItsMinimumHealthCapacity();
            assertThat(cluster.server.hits("GET /v2/deployments")).isPositive();
        }
    }

    @Test
    void newInstancesThatAreNeverReportedReadyDoNotCountAsHealthyCapacity() {
        String notReady = Fixtures.text("composed/ready-deployments-during-restart.json")
                .replace("\"ready\": true", "\"ready\": false");
        cluster
                .server
                .json("GET /v2/apps/ready", "composed/ready-2-instances-app.json")
                .route(
                        "GET /v2/deployments",
                        () -> new MockResponse()
                                .setHeader("Content-Type", "application/json")
                                .setBody(notReady))
                .stream(replay("composed/ready-restart-events.txt", "\"healthy\":true"));

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/ready")) {
            assertThatThrownBy(() -> assertThat(cluster)
                            .app("/ready")
                            .within(Duration.ofSeconds(30))
                            .lastDeployment()
                            .keptItsMinimumHealthCapacity())
                    .hasMessageContaining("but healthy fell to 0.")
                    .hasMessageMatching("(?s).*\n> \\S+ +0 +1 +0 +TASK_KILLING ready\\.instance-ff836c11.*");
        }
    }

    @Test
    void blueGreenSwitchKeepsTwoHealthyTogetherAndScalingDownFirstDoesNot() {
        cluster
                .server
                .json("GET /v2/apps/web-blue", "composed/web-blue-2-instances-app.json")
                .route(
                        "GET /v2/apps/web-green",
                        () -> Fixtures.captured(
                                "captured/marathon-v2-apps-GET-404.headers.txt",
                                "captured/marathon-v2-apps-GET-404.json"),
                        () -> Fixtures.json("composed/web-green-2-instances-app.json"))
                .stream(replay("composed/blue-green-switch-events.txt"));
        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web-blue", "/web-green")) {
            assertThat(cluster).app("/web-blue").within(Duration.ofSeconds(30)).lastDeployment();
            assertThat(recording).keptHealthyInstancesTogetherAtLeast(2);
            assertThatThrownBy(() -> assertThat(recording).keptHealthyInstancesTogetherAtLeast(3))
                    .hasMessageStartingWith("Expected /web-blue + /web-green to keep at least 3 healthy instances "
                            + "together at every moment, but they fell to 2.");
        }
    }

    @Test
    void scalingBlueDownBeforeGreenIsUpFailsWithTheSummedTimeline() {
        cluster
                .server
                .json("GET /v2/apps/web-blue", "composed/web-blue-2-instances-app.json")
                .route(
                        "GET /v2/apps/web-green",
                        () -> Fixtures.captured(
                                "captured/marathon-v2-apps-GET-404.headers.txt",
                                "captured/marathon-v2-apps-GET-404.json"),
                        () -> Fixtures.json("composed/web-green-2-instances-app.json"))
                .stream(replay("composed/blue-green-scaled-down-first-events.txt"));
        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web-blue", "/web-green")) {
            assertThat(cluster).app("/web-green").within(Duration.ofSeconds(30)).lastDeployment();
            assertThatThrownBy(() -> assertThat(recording).keptHealthyInstancesTogetherAtLeast(2))
                    .hasMessageContaining("but they fell to 0.")
                    .hasMessageMatching("(?s).*\n> \\S+ +0 +0 +0 +/web-blue: .*");
        }
    }

    @Test
    void aDeploymentMarathonListsIsWaitedForEvenIfAnEarlierOneEnded() {
        com.fasterxml.jackson.databind.node.ObjectNode listed = Fixtures.tree("composed/web-2-instances-half-app.json");
        Fixtures.app(listed).putArray("deployments").addObject().put("id", "later-deployment");
        cluster.server.json("GET /v2/apps/web", "composed/web-2-instances-half-app.json").stream(
                replay("composed/web-restart-unhealthy-old-events.txt"));

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
            cluster.server.route("GET /v2/apps/web", Fixtures.body(listed));
            assertThatThrownBy(() -> recording.awaitLastDeployment("/web", Duration.ofSeconds(6)))
                    .as("the recorded deployment c2e8a4b6 ends within the wait, but Marathon lists a later one")
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Deployment later-deployment that Marathon listed for /web did not end "
                            + "(no event of it seen) (waited 6 s). Timeline:")
                    .hasMessageContaining("deployment_success c2e8a4b6-5d1f-4a3e-8b7c-9d0e1f2a3b03");
        }
    }

    @Test
    void withoutAnOpenRecordingLastDeploymentSaysHowToStartOne() {
        assertThatThrownBy(() -> assertThat(cluster).app("/web").lastDeployment())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No deployment recording of /web is open: start one before the change with "
                        + "DeploymentRecorder.start(cluster, \"/web\") and close it afterwards");
    }

    @Test
    void noDeploymentWithinTheTimeoutFailsWithTheTimelineSoFar() {
        cluster.server.json("GET /v2/apps/web", "composed/web-2-instances-half-app.json").stream(Fixtures.sseBody(
                Fixtures.attachedBlock("composed/web-restart-keeps-half-events.txt") + ":\n\n".repeat(100000)));
        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
            assertThatThrownBy(() -> recording.awaitLastDeployment("/web", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("No deployment of /web was seen since the recording started at ")
                    .hasMessageMatching("(?s).*\n  \\S+ +2 +2 +0 +listed 2 task\\(s\\).*");
        }
    }
}
