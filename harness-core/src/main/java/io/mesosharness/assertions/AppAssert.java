package io.mesosharness.assertions;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks of one Marathon app, from {@code MesosHarnessAssertions.assertThat(cluster).app("/web")}. Waiting checks
 * poll the app (see {@link Waits}) up to {@link #within(Duration)}, default {@link Waits#DEFAULT_TIMEOUT}. Every
 * failure explains itself: counts, deployments, queue entry with offer-reject summary, placement table.
 */
public final class AppAssert extends PlacementAssert<AppAssert, App> {

    private VolumeCheckResult volumeCheckResult;

    AppAssert(MesosClusterHandle cluster, String appId, Duration timeout) {
        super(cluster, "app", appId, timeout, AppAssert.class, ClusterPlacement::of, App::constraints);
    }

    @Override
    App deployed() {
        return Waits.awaitDeployed(cluster, actual, timeout);
    }

    /**
     * No deployment touches the app and {@code tasksRunning == instances} (and {@code tasksHealthy == instances} if
     * it has health checks). On timeout shows counts, deployments and, while instances wait, Marathon's queue entry
     * with why offers were declined.
     */
    public AppAssert isDeployed() {
        waited("", this::deployed);
        return myself;
    }

    /** Exactly {@code n} tasks of the app are running (waits). */
    public AppAssert hasRunningInstances(int n) {
        requireNonNegative(n);
        return waitFor("have " + n + " running instances", app -> {
            int running = Waits.runningTaskIds(app).size();
            return running == n ? null : "running " + running + " (instances " + app.instanceCount() + ")";
        });
    }

    /** Exactly {@code n} tasks pass their health checks (waits); the app must have health checks. */
    public AppAssert hasHealthyInstances(int n) {
        requireNonNegative(n);
        Waits.requireHealthChecks(cluster, actual);
        return waitFor(
                "have " + n + " healthy instances",
                app -> app.tasksHealthy() == n
                        ? null
                        : "healthy " + app.tasksHealthy() + " (running " + app.tasksRunning() + ", unhealthy "
                                + app.tasksUnhealthy() + ")");
    }

    /** All instances pass their health checks (waits); see {@link Waits#awaitHealthy}. */
    public AppAssert becomesHealthy() {
        waited("", () -> Waits.awaitHealthy(cluster, actual, timeout));
        return myself;
    }

    /** A task fails its health check (waits); see {@link Waits#awaitUnhealthy}. */
    public AppAssert becomesUnhealthy() {
        waited("", () -> Waits.awaitUnhealthy(cluster, actual, timeout));
        return myself;
    }

    /** No running task of the app is on the agent (waits: Marathon needs a moment to replace lost tasks). */
    public AppAssert hasNoTasksOn(AgentHandle agent) {
        Objects.requireNonNull(agent, "agent");
        return waitFor("have no running task on " + agent.name(), app -> {
            List<String> there = app.tasks().stream()
                    .filter(MarathonTask::isRunning)
                    .filter(t -> agent.name().equals(t.host())
                            || agent.agentId().map(id -> id.equals(t.slaveId())).orElse(false))
                    .map(MarathonTask::id)
                    .toList();
            return there.isEmpty() ? null : there.size() + " running there: " + there;
        });
    }

    /**
     * The app started only after {@code dependencyId} was ready: when its first task was staged, every instance of the
     * dependency ran (and passed its health checks, if it has any), the order Marathon keeps for {@code dependencies}.
     * Waits until both apps are deployed, then judges the times of their current tasks once.
     */
    public AppAssert startedAfter(String dependencyId) {
        String dependency = cluster.marathon().qualify(dependencyId);
        String prefix = "Cannot judge the start order: ";
        App app = waited(prefix, this::deployed);
        App before = waited(prefix, () -> Waits.awaitDeployed(cluster, dependency, timeout));
        Optional<Instant> firstStaged = app.tasks().stream()
                .map(t -> instant(t.stagedAt()))
                .filter(Objects::nonNull)
                .min(Instant::compareTo);
        if (firstStaged.isEmpty()) {
            failWithMessage(prefix + "%s has no task with a staging time (instances %s)", actual, app.instanceCount());
        }
        List<String> ready = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (MarathonTask t : before.tasks()) {
            Instant at = before.hasHealthChecks()
                    ? t.healthCheckResults().stream()
                            .map(r -> instant(r.firstSuccess()))
                            .filter(Objects::nonNull)
                            .max(Instant::compareTo)
                            .orElse(null)
                    : t.isRunning() ? instant(t.startedAt()) : null;
            String line = t.id() + " " + (at == null ? "not ready" : "ready at " + at);
            (at != null && !at.isAfter(firstStaged.get()) ? ready : late).add(line);
        }
        if (ready.size() < before.instanceCount()) {
            String state = before.hasHealthChecks() ? "running and healthy" : "running";
            failWithMessage(
                    "%s",
                    "Expected " + actual + " to start after " + dependency + " was ready, but its first"
                            + " task was staged at " + firstStaged.get() + ", when " + ready.size() + " of "
                            + before.instanceCount() + " instances of " + dependency + " were " + state
                            + ".\n  ready before: " + ready + "\n  not ready then: " + late);
        }
        return myself;
    }

    private static Instant instant(String timestamp) {
        return timestamp == null || timestamp.isBlank() ? null : Instant.parse(timestamp);
    }

    /**
     * Data in the app's local persistent volume {@code containerPath} survives a task kill: the task comes back on the
     * same agent and a marker written into the volume before the kill (local cluster; on an external cluster, what the
     * app's command printed from the volume) is still there. See docs/CHECKS.md.
     */
    public AppAssert keepsVolumeDataAcrossTaskKill(String containerPath) {
        try {
            volumeCheckResult = VolumeCheck.run(cluster, actual, containerPath, timeout);
        } catch (AssertionError e) {
            failWithMessage("%s", e.getMessage());
        }
        return myself;
    }

    /**
     * What the last passed {@link #keepsVolumeDataAcrossTaskKill(String)} on this assert did: the killed and
     * relaunched task, the agent, the volume's path and the marker.
     *
     * @throws IllegalStateException if no volume check passed on this assert
     */
    public VolumeCheckResult volumeCheckResult() {
        if (volumeCheckResult == null) {
            throw new IllegalStateException(
                    "no keepsVolumeDataAcrossTaskKill(..) has passed on this assert of " + actual + "; call it first");
        }
        return volumeCheckResult;
    }

    /**
     * The app's most recent deployment seen by the open {@link DeploymentRecorder} of this cluster that records it
     * (start one before the change), once it has ended (waits), for capacity checks such as
     * {@code keptHealthyCapacityAtLeast(0.5)}.
     */
    public DeploymentAssert lastDeployment() {
        DeploymentRecorder recorder = DeploymentRecorder.recording(cluster, actual)
                .orElseThrow(() -> new IllegalStateException("No deployment recording of " + actual
                        + " is open: start one before the change with DeploymentRecorder.start(cluster, \"" + actual
                        + "\") and close it afterwards"));
        return new DeploymentAssert(recorder.awaitLastDeployment(actual, timeout));
    }

    private AppAssert waitFor(String expectation, Function<App, String> unmet) {
        waited("", () -> Waits.awaitApp(cluster, actual, null, timeout, expectation, unmet));
        return myself;
    }
}
