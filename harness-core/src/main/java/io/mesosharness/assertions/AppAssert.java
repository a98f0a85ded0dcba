package io.mesosharness.assertions;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.placement.CheckResult;
import io.mesosharness.placement.ConstraintChecker;
import io.mesosharness.placement.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.assertj.core.api.AbstractAssert;

/**
 * Checks of one Marathon app, obtained from {@code MesosHarnessAssertions.assertThat(cluster).app("/web")}. Checks
 * that wait (deployment, counts, health, volume relaunch) use {@link #within(Duration)}, default
 * {@link Waits#DEFAULT_TIMEOUT}; they poll the app (see {@link Waits}). Placement checks wait
 * until the app is deployed (up to the same timeout), then judge the placement of its running tasks once. Every
 * failure message explains itself: counts, deployments, queue entry with offer-reject summary, placement table.
 */
public final class AppAssert extends AbstractAssert<AppAssert, String> {

    private final MesosClusterHandle cluster;
    private Duration timeout;
    private VolumeCheckResult volumeCheckResult;

    AppAssert(MesosClusterHandle cluster, String appId, Duration timeout) {
        super(AppWatch.resolve(Objects.requireNonNull(cluster, "cluster"), appId), AppAssert.class);
        this.cluster = cluster;
        this.timeout = Waits.positive(timeout);
    }

    /** Timeout of the following waiting checks on this assert. */
    public AppAssert within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return myself;
    }

    // ---------------------------------------------------------------- deployment and counts

    /**
     * No deployment touches the app any more and {@code tasksRunning == instances} (and {@code tasksHealthy ==
     * instances} if it has health checks). On timeout shows counts, deployments and, if instances still wait,
     * Marathon's queue entry with why offers were declined.
     */
    public AppAssert isDeployed() {
        return waitFor("be deployed", Waits::deployedReason);
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
        Waits.requireHealthChecks(cluster, actual);
        return waitFor("become healthy", Waits::healthyReason);
    }

    /** A task fails its health check (waits); see {@link Waits#awaitUnhealthy}. */
    public AppAssert becomesUnhealthy() {
        Waits.requireHealthChecks(cluster, actual);
        return waitFor("become unhealthy", Waits::unhealthyReason);
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
     * dependency ran (and passed its health checks, if it has any) – the order Marathon keeps for an app that lists the
     * other in {@code dependencies}. Waits until both apps are deployed, then judges the times of their current tasks
     * once (a dependency's task replaced since counts from its new start).
     */
    public AppAssert startedAfter(String dependencyId) {
        isNotNull();
        String dependency = AppWatch.resolve(cluster, dependencyId);
        App app;
        App before;
        try {
            app = new AppWatch(cluster, actual).await(timeout, "be deployed", Waits::deployedReason);
            before = new AppWatch(cluster, dependency).await(timeout, "be deployed", Waits::deployedReason);
        } catch (WaitFailedError e) {
            failWithMessage("%s", "Cannot judge the start order: " + e.getMessage());
            return myself;
        }
        Optional<Instant> firstStaged = app.tasks().stream()
                .map(t -> instant(t.stagedAt()))
                .filter(Objects::nonNull)
                .min(Instant::compareTo);
        if (firstStaged.isEmpty()) {
            failWithMessage(
                    "Cannot judge the start order: %s has no task with a staging time (instances %s)",
                    actual, app.instanceCount());
            return myself;
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
            failWithMessage(
                    "Expected %s to start after %s was ready, but its first task was staged at %s, when %s of %s"
                            + " instances of %s were %s.%n  ready before: %s%n  not ready then: %s",
                    actual,
                    dependency,
                    firstStaged.get(),
                    ready.size(),
                    before.instanceCount(),
                    dependency,
                    before.hasHealthChecks() ? "running and healthy" : "running",
                    ready,
                    late);
        }
        return myself;
    }

    private static Instant instant(String timestamp) {
        return timestamp == null || timestamp.isBlank() ? null : Instant.parse(timestamp);
    }

    // ---------------------------------------------------------------- placement

    /**
     * The placement of the running tasks satisfies every constraint of the app as Marathon reports them. Failure:
     * the checker's report (violations and placement table), and "Constraints of /x: [...]".
     */
    public AppAssert satisfiesItsConstraints() {
        return checkPlacement((app, p) -> {
            if (app.constraints().isEmpty()) {
                throw new IllegalArgumentException(
                        "app " + actual + " has no constraints to satisfy; use isSpreadOver, "
                                + "hasAtMostPerAgent or runsOnlyOn for direct checks");
            }
            return ConstraintChecker.check(p, Diagnostics.parse(actual, app.constraints()));
        });
    }

    /** The tasks are spread evenly over the values of {@code field} (largest minus smallest count at most 1). */
    public AppAssert isSpreadEvenlyBy(String field) {
        Waits.requireText("field", field);
        return checkPlacement((app, p) -> ConstraintChecker.evenlyBy(p, field));
    }

    /** The tasks use at least {@code minDistinctValues} values of {@code field}. */
    public AppAssert isSpreadOver(String field, int minDistinctValues) {
        Waits.requireText("field", field);
        if (minDistinctValues < 1) {
            throw new IllegalArgumentException("minDistinctValues must be >= 1, got " + minDistinctValues);
        }
        return checkPlacement((app, p) -> ConstraintChecker.spreadOver(p, field, minDistinctValues));
    }

    /** No agent runs more than {@code k} tasks of the app. */
    public AppAssert hasAtMostPerAgent(int k) {
        requireNonNegative(k);
        return checkPlacement((app, p) -> ConstraintChecker.atMostPerAgent(p, k));
    }

    /** Every task runs on an agent whose {@code field} equals {@code value}. */
    public AppAssert runsOnlyOn(String field, String value) {
        Waits.requireText("field", field);
        Waits.requireText("value", value);
        return checkPlacement((app, p) -> ConstraintChecker.onlyOn(p, field, value));
    }

    // ---------------------------------------------------------------- persistent volumes

    /**
     * Data in the app's local persistent volume {@code containerPath} survives a task kill: the task comes back on the
     * same agent and a marker written into the volume before the kill (local cluster; on an external cluster, what the
     * app's command printed from the volume) is still there. The procedure and Marathon's requirements for persistent
     * volumes: docs/CHECKS.md.
     */
    public AppAssert keepsVolumeDataAcrossTaskKill(String containerPath) {
        isNotNull();
        try {
            volumeCheckResult = VolumeCheck.run(cluster, actual, containerPath, timeout);
        } catch (AssertionError e) {
            failWithMessage("%s", e.getMessage());
        }
        return myself;
    }

    /**
     * What the last {@link #keepsVolumeDataAcrossTaskKill(String)} on this assert did: the killed and relaunched
     * task, the agent, the volume's path and the marker, e.g.
     * {@code assertThat(cluster).app("/db").keepsVolumeDataAcrossTaskKill("data").volumeCheckResult().agent()}.
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

    // ---------------------------------------------------------------- deployment capacity

    /**
     * The app's most recent deployment seen by the open {@link DeploymentRecorder} of this cluster that records it
     * (start one before the change), once it has ended (waits up to the timeout): for capacity checks such as
     * {@code keptHealthyCapacityAtLeast(0.5)}.
     */
    public DeploymentAssert lastDeployment() {
        isNotNull();
        DeploymentRecorder recorder = DeploymentRecorder.recording(cluster, actual)
                .orElseThrow(() -> new IllegalStateException("No deployment recording of " + actual
                        + " is open: start one before the change with DeploymentRecorder.start(cluster, \"" + actual
                        + "\") and close it afterwards"));
        return new DeploymentAssert(recorder.awaitLastDeployment(actual, timeout));
    }

    // ---------------------------------------------------------------- plumbing

    private AppAssert waitFor(String expectation, AppWatch.Condition condition) {
        isNotNull();
        try {
            new AppWatch(cluster, actual).await(timeout, expectation, condition);
        } catch (WaitFailedError e) {
            failWithMessage("%s", e.getMessage());
        }
        return myself;
    }

    private AppAssert checkPlacement(BiFunction<App, Placement, CheckResult> check) {
        isNotNull();
        App app;
        try {
            app = new AppWatch(cluster, actual).await(timeout, "be deployed", Waits::deployedReason);
        } catch (WaitFailedError e) {
            failWithMessage("%s", "Cannot judge the placement: " + e.getMessage());
            return myself;
        }
        CheckResult result = check.apply(app, ClusterPlacement.of(cluster, app));
        if (!result.satisfied()) {
            failWithMessage(
                    "%s",
                    result.report() + "\nConstraints of " + actual + ": " + Diagnostics.constraints(app.constraints()));
        }
        return myself;
    }

    private static void requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
    }
}
