package io.mesosharness.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The capacity timeline computed from recorded event streams: captured ones (a deployment from zero, an agent lost
 * and its task replaced) and composed ones (restarts, unhealthy periods, readiness; see composed/README.md).
 */
@Tag("unit")
class CapacityTimelineTest {

    private static final String WEB_HALF = "composed/web-4-instances-half-app.json";

    private static int minHealthy(List<CapacityPoint> points) {
        return points.stream().mapToInt(CapacityPoint::healthy).min().orElseThrow();
    }

    private static int maxLaunched(List<CapacityPoint> points) {
        return points.stream().mapToInt(CapacityPoint::launched).max().orElseThrow();
    }

    private static CapacityPoint last(CapacityTimeline timeline) {
        List<CapacityPoint> points = timeline.points();
        return points.get(points.size() - 1);
    }

    @Test
    void capturedDeploymentFromZeroCountsStagedThenRunningAndWithoutHealthChecksRunningIsHealthy() {
        CapacityTimeline timeline = new CapacityTimeline("/spread", 0, false);
        timeline.seed(Instant.parse("2026-11-25T01:38:23Z"), List.of());
        RecordedStreams.events("captured/marathon-v2-events-spread-full.txt").forEach(timeline::apply);

        List<CapacityPoint> points = timeline.points();
        assertThat(points).extracting(CapacityPoint::staged).contains(1, 2);
        assertThat(points).extracting(CapacityPoint::running).containsSubsequence(0, 1, 2);
        assertThat(points).allMatch(p -> p.healthy() == p.running());
        assertThat(last(timeline))
                .extracting(CapacityPoint::running, CapacityPoint::staged)
                .containsExactly(2, 0);
        assertThat(points)
                .extracting(CapacityPoint::cause)
                .anyMatch(c -> c.startsWith("deployment started 05a7baa0-9087-4ec5-932b-0304f07898e6"))
                .contains("deployment_success 05a7baa0-9087-4ec5-932b-0304f07898e6");
        assertThat(timeline.deploying()).isFalse();
    }

    @Test
    void capturedAgentLossTakesTheTaskAwayAndItsReplacementBringsTheCountBack() {
        CapacityTimeline timeline = new CapacityTimeline("/f1", 0, false);
        timeline.seed(Instant.parse("2026-11-25T01:54:54Z"), List.of());
        RecordedStreams.events("captured/faults/B1-agent-stop-fast-events.txt").forEach(timeline::apply);

        List<Integer> running =
                timeline.points().stream().map(CapacityPoint::running).toList();
        // launched to 2, the unreachable task leaves (1), its replacement runs (2); late terminations change nothing
        assertThat(running).containsSubsequence(2, 1, 2);
        assertThat(timeline.points())
                .filteredOn(p -> p.running() == 1 && p.cause().startsWith("TASK_UNREACHABLE"))
                .hasSize(1);
        assertThat(last(timeline).running()).isEqualTo(2);
    }

    @Test
    void restartInBatchesOfTwoKeepsTwoOfFourHealthyAndNeverLaunchesMoreThanFour() {
        App web = RecordedStreams.app(WEB_HALF);
        CapacityTimeline timeline = RecordedStreams.replay(web, "composed/web-restart-keeps-half-events.txt");

        assertThat(timeline.points().get(0))
                .extracting(CapacityPoint::healthy, CapacityPoint::running)
                .containsExactly(4, 4);
        assertThat(minHealthy(timeline.points())).isEqualTo(2);
        assertThat(maxLaunched(timeline.points())).isEqualTo(4);
        assertThat(last(timeline))
                .extracting(CapacityPoint::healthy, CapacityPoint::running)
                .containsExactly(4, 4);
    }

    @Test
    void restartWithZeroMinimumHealthDropsToZero() {
        App web = RecordedStreams.app("composed/web-2-instances-zero-app.json");
        CapacityTimeline timeline = RecordedStreams.replay(web, "composed/web-restart-drops-to-zero-events.txt");

        assertThat(minHealthy(timeline.points())).isZero();
        assertThat(timeline.points())
                .filteredOn(p -> p.healthy() == 0 && p.running() == 0)
                .isNotEmpty();
    }

    @Test
    void runningButNotYetHealthyDoesNotCountAndAnUnhealthyPeriodShows() {
        App web = RecordedStreams.app("composed/web-2-instances-half-app.json");
        CapacityTimeline timeline = RecordedStreams.replay(web, "composed/web-restart-unhealthy-old-events.txt");

        assertThat(timeline.points())
                .as("the new task runs, the old one failed its health check: 2 running, none healthy")
                .anyMatch(p -> p.running() == 2 && p.healthy() == 0 && p.cause().startsWith("unhealthy "));
        assertThat(last(timeline).healthy()).isEqualTo(2);
    }

    @Test
    void aSingleChecksStatusDoesNotMakeAnInstanceOfAnAppWithTwoChecksHealthy() {
        CapacityTimeline timeline = new CapacityTimeline("/web", 2, false);
        timeline.seed(Instant.parse("2026-11-25T02:10:00Z"), List.of());
        String instance = "web.instance-ff836c1f-e870-11f1-beda-0242ac1d000a";
        timeline.apply(MarathonEvent.parse(
                null,
                "{\"eventType\":\"status_update_event\",\"appId\":\"/web\",\"taskId\":\"" + instance
                        + "._app.1\",\"taskStatus\":\"TASK_RUNNING\",\"timestamp\":\"2026-11-25T02:10:01.000Z\"}"));
        timeline.apply(MarathonEvent.parse(
                null,
                "{\"eventType\":\"health_status_changed_event\",\"appId\":\"/web\",\"instanceId\":\"" + instance
                        + "\",\"alive\":true,\"timestamp\":\"2026-11-25T02:10:02.000Z\"}"));
        assertThat(last(timeline).healthy()).isZero();

        timeline.apply(MarathonEvent.parse(
                null,
                "{\"eventType\":\"instance_health_changed_event\",\"runSpecId\":\"/web\",\"instanceId\":\"" + instance
                        + "\",\"healthy\":true,\"timestamp\":\"2026-11-25T02:10:03.000Z\"}"));
        assertThat(last(timeline).healthy()).isEqualTo(1);
    }

    @Test
    void withReadinessChecksANewInstanceCountsOnlyOnceReady() {
        App ready = RecordedStreams.app("composed/ready-2-instances-app.json");
        assertThat(ready.hasReadinessChecks()).isTrue();
        String firstNew = "ready.instance-ff836c1a-e870-11f1-beda-0242ac1d000a._app.1";
        List<MarathonEvent> events = RecordedStreams.events("composed/ready-restart-events.txt");
        int firstHealthy = indexOf(events, "instance_health_changed_event", firstNew.replace("._app.1", ""));

        CapacityTimeline withReadiness = new CapacityTimeline(ready.id(), 1, true);
        withReadiness.seed(Instant.parse("2026-11-25T02:10:00Z"), ready.tasks());
        events.subList(0, firstHealthy + 1).forEach(withReadiness::apply);
        assertThat(last(withReadiness).healthy())
                .as("the new instance is healthy but not ready: only the remaining old one counts")
                .isEqualTo(1);
        assertThat(withReadiness.ready(Instant.parse("2026-11-25T02:10:05Z"), firstNew, true))
                .isTrue();
        assertThat(last(withReadiness).healthy()).isEqualTo(2);
        events.subList(firstHealthy + 1, events.size()).forEach(withReadiness::apply);
        assertThat(minHealthy(withReadiness.points())).isEqualTo(1);

        CapacityTimeline notReady = new CapacityTimeline(ready.id(), 1, true);
        notReady.seed(Instant.parse("2026-11-25T02:10:00Z"), ready.tasks());
        int secondKill = indexOf(events, "status_update_event", "ready.instance-ff836c11-e870-11f1-beda-0242ac1d000a");
        events.subList(0, secondKill + 1).forEach(notReady::apply);
        notReady.ready(Instant.parse("2026-11-25T02:10:06Z"), firstNew, false);
        events.subList(secondKill + 1, events.size()).forEach(notReady::apply);
        assertThat(minHealthy(notReady.points()))
                .as("reported not ready after the second old instance was killed: nothing ready was left")
                .isZero();
        assertThat(last(notReady).healthy())
                .as("deployment_success: Marathon saw them ready in the end")
                .isEqualTo(2);

        CapacityTimeline noReports = RecordedStreams.replay(ready, "composed/ready-restart-events.txt");
        assertThat(minHealthy(noReports.points()))
                .as("never reported either way: the deployment's success vouches for the moments before")
                .isEqualTo(1);
    }

    @Test
    void aTaskFirstReportedReadyCountsFromJustAfterItsLastNotReadyReport() {
        CapacityTimeline timeline = new CapacityTimeline("/ready", 1, true);
        timeline.seed(Instant.parse("2026-11-25T02:10:00Z"), List.of());
        timeline.apply(deploymentInfo());
        String instance = "ready.instance-ff836c1a-e870-11f1-beda-0242ac1d000a";
        timeline.apply(event(
                "status_update_event",
                "\"appId\":\"/ready\",\"taskId\":\"" + instance + "._app.1\",\"taskStatus\":\"TASK_RUNNING\"",
                "02:10:01"));
        timeline.apply(event(
                "instance_health_changed_event",
                "\"runSpecId\":\"/ready\",\"instanceId\":\"" + instance + "\",\"healthy\":true",
                "02:10:02"));
        timeline.ready(Instant.parse("2026-11-25T02:10:03Z"), instance + "._app.1", false);
        int reported = timeline.points().size();
        timeline.apply(event(
                "status_update_event",
                "\"appId\":\"/ready\",\"taskId\":\"other.instance-1._app.1\"," + "\"taskStatus\":\"TASK_RUNNING\"",
                "02:10:04"));
        timeline.apply(event(
                "status_update_event",
                "\"appId\":\"/ready\",\"taskId\":\"" + "ready.instance-2" + "._app.1\",\"taskStatus\":\"TASK_STAGING\"",
                "02:10:04"));
        assertThat(timeline.points().get(timeline.points().size() - 1).healthy())
                .isZero();

        assertThat(timeline.ready(Instant.parse("2026-11-25T02:10:05Z"), instance + "._app.0", true))
                .as("a result for an earlier task of the instance")
                .isFalse();
        timeline.ready(Instant.parse("2026-11-25T02:10:05Z"), instance, true); // by instance id, as newer RAML says

        List<CapacityPoint> points = timeline.points();
        assertThat(points.subList(0, reported))
                .as("before the not-ready report it stays uncounted")
                .allMatch(p -> p.healthy() == 0);
        assertThat(points.subList(reported, points.size()))
                .as("after it, counted again as ready")
                .allMatch(p -> p.healthy() == 1);
        assertThat(points.get(points.size() - 1).cause()).isEqualTo("ready " + instance);
    }

    private static MarathonEvent deploymentInfo() {
        return MarathonEvent.parse(
                null,
                "{\"eventType\":\"deployment_info\",\"plan\":{\"id\":\"d1\",\"steps\":[{\"actions\":"
                        + "[{\"action\":\"RestartApplication\",\"app\":\"/ready\"}]}]},"
                        + "\"timestamp\":\"2026-11-25T02:10:00.500Z\"}");
    }

    private static MarathonEvent event(String type, String fields, String time) {
        return MarathonEvent.parse(
                null, "{\"eventType\":\"" + type + "\"," + fields + ",\"timestamp\":\"2026-11-25T" + time + ".000Z\"}");
    }

    @Test
    void eventsOfOtherAppsAreIgnored() {
        CapacityTimeline timeline = new CapacityTimeline("/other", 0, false);
        timeline.seed(Instant.parse("2026-11-25T02:10:00Z"), List.of());
        RecordedStreams.events("composed/web-restart-keeps-half-events.txt").forEach(timeline::apply);

        assertThat(timeline.points()).hasSize(1);
    }

    private static int indexOf(List<MarathonEvent> events, String type, String instanceId) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).is(type) && instanceId.equals(events.get(i).instanceId())) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " for " + instanceId);
    }
}
