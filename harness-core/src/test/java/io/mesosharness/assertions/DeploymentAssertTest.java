package io.mesosharness.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.marathon.UpgradeStrategy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Marathon's rounding, the failure messages with their timeline table (the combined message: DeploymentRecorderTest), and summing timelines of several apps. */
@Tag("unit")
class DeploymentAssertTest {

    private static final Instant T = Instant.parse("2026-11-25T02:10:00.100Z");

    private static CapacityPoint point(long seq, String app, int healthy, int running, int staged, String cause) {
        return new CapacityPoint(seq, T.plusMillis(seq * 100), app, healthy, running, staged, cause);
    }

    private static RecordedDeployment deployment(List<CapacityPoint> points) {
        return new RecordedDeployment(
                "/web",
                "d1",
                RecordedDeployment.Outcome.SUCCEEDED,
                null,
                T,
                T.plusSeconds(5),
                3,
                new UpgradeStrategy(0.5, 0.2),
                points);
    }

    @Test
    void roundsLikeMarathonUpForHealthyDownForOverCapacity() {
        assertThat(DeploymentAssert.requiredHealthy(3, 0.5)).isEqualTo(2);
        assertThat(DeploymentAssert.requiredHealthy(4, 0.5)).isEqualTo(2);
        assertThat(DeploymentAssert.requiredHealthy(10, 0.3)).isEqualTo(3);
        assertThat(DeploymentAssert.requiredHealthy(2, 0)).isZero();
        assertThat(DeploymentAssert.allowedLaunched(3, 1.2)).isEqualTo(3);
        assertThat(DeploymentAssert.allowedLaunched(10, 1.2)).isEqualTo(12);
        assertThat(DeploymentAssert.allowedLaunched(4, 1.5)).isEqualTo(6);
    }

    @Test
    void healthyBelowNamesTheNumbersAndMarksTheMomentsInTheTimeline() {
        RecordedDeployment d = deployment(List.of(
                point(1, "/web", 3, 3, 0, "deployment started d1 [RestartApplication /web]"),
                point(2, "/web", 1, 2, 0, "TASK_KILLING web.instance-1._app.1"),
                point(3, "/web", 3, 3, 0, "deployment_success d1")));

        MesosHarnessAssertions.assertThat(d).keptHealthyCapacityAtLeast(0.3);
        String message = failure(() -> MesosHarnessAssertions.assertThat(d).keptHealthyCapacityAtLeast(1.0));

        assertThat(message)
                .startsWith("Expected /web to keep at least 3 of 3 instances healthy (100 %, as asked) during "
                        + "deployment d1, but healthy fell to 1.")
                .contains("upgradeStrategy of /web: minimumHealthCapacity 0.5, maximumOverCapacity 0.2; instances 3")
                .containsPattern("time +healthy +running +staged +event")
                .containsPattern("\n  02:10:00\\.200 +3 +3 +0 +deployment started d1")
                .containsPattern("\n> 02:10:00\\.300 +1 +2 +0 +TASK_KILLING web.instance-1._app.1");
    }

    @Test
    void launchedAboveCountsRunningPlusStaged() {
        RecordedDeployment d = deployment(List.of(point(1, "/web", 3, 3, 0, "start"), point(2, "/web", 3, 3, 1, "x")));

        MesosHarnessAssertions.assertThat(d).neverExceeded(1.34);
        assertThat(failure(() -> MesosHarnessAssertions.assertThat(d).neverExceeded(1.2)))
                .startsWith("Expected /web to run at most 3 instances (running + staged; 120 % of 3, as asked)")
                .contains("but 4 were launched at once")
                .containsPattern("\n> 02:10:00\\.300 +3 +3 +1 +x");
    }

    @Test
    void combineSumsTheLatestCountsOfEachApp() {
        List<CapacityPoint> blue = List.of(point(1, "/blue", 2, 2, 0, "listed"), point(4, "/blue", 0, 0, 0, "killed"));
        List<CapacityPoint> green =
                List.of(point(2, "/green", 0, 0, 0, "listed"), point(3, "/green", 2, 2, 0, "healthy"));

        List<CapacityPoint> combined = CapacityPoint.combine(List.of(blue, green));

        assertThat(combined).extracting(CapacityPoint::healthy).containsExactly(2, 2, 4, 2);
        assertThat(combined).extracting(CapacityPoint::cause).last().isEqualTo("/blue: killed");
    }

    private static String failure(Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the check to fail");
    }
}
