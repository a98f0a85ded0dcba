package io.mesosharness.assertions;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.Poll;
import io.mesosharness.cluster.WaitTimeoutException;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.DeploymentRef;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.marathon.MarathonException;
import io.mesosharness.marathon.MarathonGroup;
import io.mesosharness.marathon.MarathonPod;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.mesos.Agent;
import io.mesosharness.placement.Constraint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for Marathon apps, groups and pods, usable without AssertJ. Every wait reads Marathon with {@link Poll} (every
 * 100 ms) until its condition holds; while Marathon is unreachable or answers 502/503/504 (as while it restarts after
 * a master failover) the condition counts as unmet, other Marathon errors end the wait at once. A wait that does not
 * come true throws {@link WaitFailedError} whose message shows the counts, deployments, Marathon's queue entry with
 * the offer-reject summary (e.g. {@code Declined offers: UnfulfilledConstraint 4}) and the placement; a deployment the
 * wait made that another one replaced fails at once. Bad input (an invalid constraint, a health wait on an app
 * without health checks) fails with {@link IllegalArgumentException} before anything changes.
 */
public final class Waits {

    /** Timeout of the overloads without one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private Waits() {}

    /**
     * Waits until no deployment touches the app and {@code tasksRunning == instances} (and {@code tasksHealthy ==
     * instances} if it has health checks).
     */
    public static App awaitDeployed(MesosClusterHandle cluster, String appId, Duration timeout) {
        return awaitApp(cluster, appId, null, timeout, "be deployed", Waits::deployedReason);
    }

    public static App awaitDeployed(MesosClusterHandle cluster, String appId) {
        return awaitDeployed(cluster, appId, DEFAULT_TIMEOUT);
    }

    /**
     * Like {@link #awaitDeployed(MesosClusterHandle, String, Duration)} for {@code deploymentId} (e.g. of a
     * {@link DeploymentRef}), failing at once if another deployment of the app replaced it.
     */
    public static App awaitDeployment(MesosClusterHandle cluster, String appId, String deploymentId, Duration timeout) {
        requireText("deploymentId", deploymentId);
        return awaitApp(
                cluster, appId, deploymentId, timeout, "finish deployment " + deploymentId, Waits::deployedReason);
    }

    /**
     * Checks the definition (constraints as Marathon validates them, resident-app rules for persistent volumes), then
     * creates the app and waits until it is deployed. If it exists already (409) in the handle's own space (its app
     * namespace, or a local cluster of its own) it is updated to this definition; on an external cluster outside a
     * namespace, where others' apps live, it is never overwritten ({@link IllegalStateException}).
     *
     * @throws io.mesosharness.placement.InvalidConstraintException for a constraint Marathon would reject (422)
     */
    public static App deployAndAwait(MesosClusterHandle cluster, MarathonApp app, Duration timeout) {
        Objects.requireNonNull(app, "app");
        validate(app);
        positive(timeout);
        DeploymentRef ref = createOrUpdate(
                cluster,
                "app " + resolve(cluster, app.id()),
                () -> cluster.marathon().create(app),
                () -> cluster.marathon().update(app));
        return awaitApp(
                cluster,
                app.id(),
                ref.deploymentId(),
                timeout,
                "be deployed (deployment " + ref.deploymentId() + ")",
                Waits::deployedReason);
    }

    public static App deployAndAwait(MesosClusterHandle cluster, MarathonApp app) {
        return deployAndAwait(cluster, app, DEFAULT_TIMEOUT);
    }

    /**
     * Checks every app of the group like {@link #deployAndAwait(MesosClusterHandle, MarathonApp, Duration)}, creates
     * the group (or changes it, as for an app: apps it no longer lists are removed) and waits until each of its apps
     * and pods is deployed. Marathon starts an app only after the apps it depends on run and are healthy;
     * {@link AppAssert#startedAfter} checks that order afterwards.
     *
     * @return the group as Marathon reports it then
     */
    public static Group deployAndAwait(MesosClusterHandle cluster, MarathonGroup group, Duration timeout) {
        Objects.requireNonNull(group, "group");
        group.apps().forEach(Waits::validate);
        positive(timeout);
        DeploymentRef ref = createOrUpdate(
                cluster,
                "group " + cluster.marathon().qualify(group.id()),
                () -> cluster.marathon().create(group),
                () -> cluster.marathon().update(group));
        return awaitGroupDeployed(cluster, group.id(), ref.deploymentId(), timeout);
    }

    public static Group deployAndAwait(MesosClusterHandle cluster, MarathonGroup group) {
        return deployAndAwait(cluster, group, DEFAULT_TIMEOUT);
    }

    /**
     * Checks that an agent can run the pod, creates it (or changes it, as for an app) and waits until it is deployed,
     * as {@link PodAssert#isDeployed()} says. Pods run under Mesos' default executor: an agent needs the {@code mesos}
     * containerizer and, for a pod with {@code volumes}, the {@code volume/sandbox_path} (or {@code filesystem/linux})
     * isolator, which the harness's agents have.
     *
     * @throws IllegalStateException if no agent can run the pod, naming each agent's containerizers and isolators
     *                               (Marathon would accept the pod and never start it)
     */
    public static PodStatus deployAndAwait(MesosClusterHandle cluster, MarathonPod pod, Duration timeout) {
        Objects.requireNonNull(pod, "pod");
        positive(timeout);
        requireAgentsFor(cluster, pod);
        createOrUpdate(
                cluster,
                "pod " + cluster.marathon().qualify(pod.id()),
                () -> cluster.marathon().create(pod),
                () -> cluster.marathon().update(pod));
        return awaitPodDeployed(cluster, pod.id(), timeout);
    }

    public static PodStatus deployAndAwait(MesosClusterHandle cluster, MarathonPod pod) {
        return deployAndAwait(cluster, pod, DEFAULT_TIMEOUT);
    }

    /** Creates; on 409 updates, unless that would overwrite others' work on an external cluster outside a namespace. */
    private static DeploymentRef createOrUpdate(
            MesosClusterHandle cluster, String what, Supplier<DeploymentRef> create, Supplier<DeploymentRef> update) {
        try {
            return create.get();
        } catch (MarathonException e) {
            if (e.kind() != MarathonException.Kind.ALREADY_EXISTS) {
                throw e;
            }
            if (cluster.isExternal() && cluster.marathon().namespace().isNone()) {
                throw new IllegalStateException(
                        what + " already exists in the external Marathon at " + cluster.marathonUrl()
                                + " outside any app namespace, so deployAndAwait does not overwrite it: work in a "
                                + "namespace (NamespacedCluster.of(cluster, \"my-tests\")), delete it first, or "
                                + "change it on purpose with cluster.marathon().update(..) and "
                                + "Waits.awaitDeployment",
                        e);
            }
            return update.get();
        }
    }

    /**
     * Waits until every app of the group (and its sub-groups) is deployed, each as {@link #awaitDeployed}, and every
     * pod as {@link PodAssert#isDeployed()}; with a deployment id, an app's deployment that another replaced fails at
     * once.
     */
    static Group awaitGroupDeployed(MesosClusterHandle cluster, String groupId, String deploymentId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Supplier<Duration> left = () -> Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
        String qualified = cluster.marathon().qualify(groupId);
        String expectation = "be deployed as part of group " + qualified
                + (deploymentId == null ? "" : " (deployment " + deploymentId + ")");
        Group group = cluster.marathon()
                .findGroup(groupId)
                .orElseThrow(() -> new WaitFailedError(
                        WaitFailedError.Kind.TIMEOUT,
                        "Expected group " + qualified + " to be deployed, but Marathon has no such group"));
        for (App app : group.allApps()) {
            awaitApp(cluster, app.id(), deploymentId, left.get(), expectation, Waits::deployedReason);
        }
        for (PodStatus pod : group.allPods()) {
            awaitPodDeployed(cluster, pod.id(), left.get());
        }
        return cluster.marathon().group(groupId);
    }

    /**
     * Scales the app to {@code instances} and waits until its deployment is done and exactly that many tasks run
     * (healthy, with health checks). The result says which tasks were added and which removed.
     */
    public static TaskSetChange scaleAndAwait(
            MesosClusterHandle cluster, String appId, int instances, Duration timeout) {
        if (instances < 0) {
            throw new IllegalArgumentException("instances of " + appId + " must be >= 0, got " + instances);
        }
        return changeAndAwait(
                cluster,
                appId,
                timeout,
                c -> c.scale(appId, instances),
                before -> "scale from " + before.size() + " to " + instances + " running tasks",
                (before, app) -> {
                    int running = runningTaskIds(app).size();
                    return running == instances && app.instanceCount() == instances
                            ? null
                            : "running " + running + ", instances " + app.instanceCount();
                });
    }

    public static TaskSetChange scaleAndAwait(MesosClusterHandle cluster, String appId, int instances) {
        return scaleAndAwait(cluster, appId, instances, DEFAULT_TIMEOUT);
    }

    /**
     * Restarts the app ({@code POST /v2/apps/{id}/restart}) and waits until its deployment is done and every task that
     * ran before has been replaced.
     */
    public static TaskSetChange restartAndAwait(MesosClusterHandle cluster, String appId, Duration timeout) {
        return changeAndAwait(
                cluster,
                appId,
                timeout,
                c -> c.restart(appId),
                before -> "restart all " + before.size() + " tasks",
                (before, app) -> {
                    List<String> old = app.tasks().stream()
                            .map(MarathonTask::id)
                            .filter(before::contains)
                            .toList();
                    return old.isEmpty() ? null : "old tasks still there: " + old;
                });
    }

    public static TaskSetChange restartAndAwait(MesosClusterHandle cluster, String appId) {
        return restartAndAwait(cluster, appId, DEFAULT_TIMEOUT);
    }

    /**
     * Waits until all instances of the app run and pass their health checks ({@code tasksHealthy == instances}), for
     * Marathon-level (HTTP, HTTPS, TCP) and Mesos-level (MESOS_HTTP, MESOS_TCP, COMMAND) checks alike.
     *
     * @throws IllegalArgumentException if the app has no health checks, before waiting
     */
    public static App awaitHealthy(MesosClusterHandle cluster, String appId, Duration timeout) {
        positive(timeout);
        requireHealthChecks(cluster, appId);
        return awaitApp(cluster, appId, null, timeout, "become healthy", Waits::healthyReason);
    }

    /**
     * Waits until a task reports a failing health check result, or Marathon counts a task unhealthy.
     *
     * @throws IllegalArgumentException if the app has no health checks, before waiting
     */
    public static App awaitUnhealthy(MesosClusterHandle cluster, String appId, Duration timeout) {
        positive(timeout);
        requireHealthChecks(cluster, appId);
        return awaitApp(cluster, appId, null, timeout, "become unhealthy", Waits::unhealthyReason);
    }

    // ---------------------------------------------------------------- the one wait

    /**
     * Waits until {@code unmet} (null when the condition holds, else a short reason such as "running 1 of 2") holds on
     * a fresh read of the app, and returns that read. With a {@code deploymentId}, a deployment of the app that
     * replaced it (a forced change, a rollback) fails the wait at once.
     */
    static App awaitApp(
            MesosClusterHandle cluster,
            String appId,
            String deploymentId,
            Duration timeout,
            String expectation,
            Function<App, String> unmet) {
        String id = resolve(cluster, appId);
        return await(
                timeout,
                "app",
                id,
                expectation,
                () -> cluster.marathon().findApp(id),
                app -> {
                    List<String> now = app.deploymentIds();
                    if (deploymentId != null
                            && !deploymentId.isBlank()
                            && !now.isEmpty()
                            && !now.contains(deploymentId)) {
                        throw new WaitFailedError(
                                WaitFailedError.Kind.DEPLOYMENT_FAILED,
                                "Expected " + id + " to " + expectation + ", but deployment " + deploymentId
                                        + " was replaced by deployment " + String.join(", ", now)
                                        + " before it finished (a forced change or a rollback cancelled it); if that"
                                        + " change is meant, wait for it with Waits.awaitDeployed\n"
                                        + Diagnostics.explain(cluster, id, app));
                    }
                    return unmet.apply(app);
                },
                app -> Diagnostics.explain(cluster, id, app));
    }

    /** {@link #awaitApp} for a pod, read from {@code GET /v2/pods/{id}::status}. */
    static PodStatus awaitPod(
            MesosClusterHandle cluster,
            String podId,
            Duration timeout,
            String expectation,
            Function<PodStatus, String> unmet) {
        String id = cluster.marathon().qualify(podId);
        return await(
                timeout,
                "pod",
                id,
                expectation,
                () -> cluster.marathon().findPodStatus(id),
                unmet,
                pod -> Diagnostics.explain(cluster, id, pod));
    }

    @SuppressWarnings("unchecked")
    private static <T> T await(
            Duration timeout,
            String kind,
            String id,
            String expectation,
            Supplier<Optional<T>> read,
            Function<T, String> unmet,
            Function<T, String> explain) {
        String subject = "app".equals(kind) ? id : kind + " " + id;
        Object[] last = {null}; // the last value read
        String[] reason = {null, null}; // why the condition is unmet now, and on the last value read
        Throwable[] stop = {null};
        try {
            Poll.until(
                    positive(timeout),
                    subject + " to " + expectation,
                    () -> {
                        try {
                            T value = read.get().orElse(null);
                            last[0] = value;
                            reason[0] = reason[1] =
                                    value == null ? kind + " " + id + " does not exist" : unmet.apply(value);
                        } catch (MarathonException e) {
                            stop[0] = isTransient(e) ? null : e;
                            reason[0] = "Marathon did not answer the last read (" + e.getMessage() + ")"
                                    + (reason[1] == null ? "" : "; before that: " + reason[1]);
                        } catch (WaitFailedError e) {
                            stop[0] = e;
                        }
                        return reason[0] == null || stop[0] != null;
                    },
                    done -> done,
                    done -> reason[0]);
        } catch (WaitTimeoutException e) {
            throw new WaitFailedError(
                    WaitFailedError.Kind.TIMEOUT,
                    "Expected " + subject + " to " + expectation + " within " + Diagnostics.format(timeout)
                            + ", but: " + (reason[0] == null ? "no read finished" : reason[0]) + "\n"
                            + explain.apply((T) last[0]));
        }
        if (stop[0] instanceof RuntimeException e) {
            throw e;
        }
        if (stop[0] instanceof Error e) {
            throw e;
        }
        return (T) last[0];
    }

    /**
     * True for failures that pass by themselves: Marathon unreachable, or answering 502/503/504 (no leader, a ZooKeeper
     * timeout), as while it restarts on a Mesos master failover or a ZooKeeper loss.
     */
    static boolean isTransient(MarathonException e) {
        return e.kind() == MarathonException.Kind.UNREACHABLE
                || e.kind() == MarathonException.Kind.SERVER_ERROR && e.status() >= 502 && e.status() <= 504;
    }

    /** The id as Marathon knows it on this handle: normalised, in the handle's app namespace if it has one. */
    static String resolve(MesosClusterHandle cluster, String appId) {
        return cluster.marathon().qualify(normalise(appId));
    }

    static String normalise(String appId) {
        requireText("app id", appId);
        String id = appId.trim();
        return id.startsWith("/") ? id : "/" + id;
    }

    // ---------------------------------------------------------------- shared with AppAssert

    private static String deployedReason(App app) {
        List<String> pending = app.deploymentIds();
        if (!pending.isEmpty()) {
            return "deployment " + String.join(", ", pending) + " still running (running " + app.tasksRunning() + " of "
                    + app.instanceCount() + ")";
        }
        if (app.tasksRunning() != app.instanceCount()) {
            return "running " + app.tasksRunning() + " of " + app.instanceCount() + " instances";
        }
        if (app.hasHealthChecks() && app.tasksHealthy() != app.instanceCount()) {
            return "healthy " + app.tasksHealthy() + " of " + app.instanceCount() + " instances";
        }
        return null;
    }

    private static String healthyReason(App app) {
        if (app.instanceCount() == 0) {
            return "the app has 0 instances";
        }
        if (app.tasksHealthy() >= app.instanceCount() && app.tasksRunning() >= app.instanceCount()) {
            return null;
        }
        return "healthy " + app.tasksHealthy() + " of " + app.instanceCount() + " instances (running "
                + app.tasksRunning() + ", unhealthy " + app.tasksUnhealthy() + ")" + healthResults(app);
    }

    private static String unhealthyReason(App app) {
        if (app.tasksUnhealthy() > 0) {
            return null;
        }
        boolean failing = app.tasks().stream()
                .anyMatch(t -> t.healthCheckResults().stream().anyMatch(r -> !r.isAlive()));
        return failing
                ? null
                : "every health check passes (healthy " + app.tasksHealthy() + " of " + app.instanceCount() + ")"
                        + healthResults(app);
    }

    private static String healthResults(App app) {
        StringBuilder out = new StringBuilder();
        for (MarathonTask t : app.tasks()) {
            out.append("\n  task " + t.id() + " " + t.state() + " on " + t.host() + ": ");
            if (t.healthCheckResults().isEmpty()) {
                out.append("no health results yet");
            }
            for (MarathonTask.HealthCheckResult r : t.healthCheckResults()) {
                out.append((r.isAlive() ? "alive" : "failing")
                        + (r.consecutiveFailures() == null
                                ? ""
                                : " (" + r.consecutiveFailures() + " consecutive failures"
                                        + (r.lastFailureCause() == null ? "" : ", last: " + r.lastFailureCause()) + ")")
                        + "; ");
            }
        }
        return out.toString();
    }

    /** Waits until no deployment touches the pod, it is {@code STABLE} and all its instances run all containers. */
    static PodStatus awaitPodDeployed(MesosClusterHandle cluster, String podId, Duration timeout) {
        return awaitPod(cluster, podId, timeout, "be deployed", pod -> podDeployedReason(cluster, pod));
    }

    private static String podDeployedReason(MesosClusterHandle cluster, PodStatus pod) {
        List<String> deploying = cluster.marathon().deployments().stream()
                .filter(d -> d.affectedPods().contains(pod.id()))
                .map(Deployment::id)
                .toList();
        if (!deploying.isEmpty()) {
            return "deployment " + String.join(", ", deploying) + " still running (" + pod.summary() + ")";
        }
        if (!"STABLE".equals(pod.status()) || pod.runningInstances().size() != pod.instanceCount()) {
            return pod.summary();
        }
        return null;
    }

    /** Fails if no agent has what Mesos' default executor needs for this pod (agents it cannot ask are not judged). */
    static void requireAgentsFor(MesosClusterHandle cluster, MarathonPod pod) {
        List<String> seen = new ArrayList<>();
        for (Agent agent : cluster.mesos().agents()) {
            JsonNode flags;
            try {
                flags = cluster.mesos().agentState(agent.id()).path("flags");
            } catch (RuntimeException e) {
                return;
            }
            List<String> containerizers =
                    List.of(flags.path("containerizers").asText("mesos").split(","));
            List<String> isolation = List.of(flags.path("isolation").asText("").split(","));
            boolean volumes = pod.volumeNames().isEmpty()
                    || isolation.contains("volume/sandbox_path")
                    || isolation.contains("filesystem/linux");
            if (containerizers.contains("mesos") && volumes) {
                return;
            }
            seen.add(agent.hostname() + " (containerizers " + containerizers + ", isolation " + isolation + ")");
        }
        if (!seen.isEmpty()) {
            throw new IllegalStateException("pod " + cluster.marathon().qualify(pod.id()) + " (from " + pod.source()
                    + ") cannot run on any agent of " + cluster.name() + ": pods run under Mesos' default executor,"
                    + " which needs the 'mesos' containerizer"
                    + (pod.volumeNames().isEmpty()
                            ? ""
                            : " and, for the" + " pod's volumes " + pod.volumeNames()
                                    + ", the isolator volume/sandbox_path or filesystem/linux")
                    + "; agents: " + String.join("; ", seen)
                    + ". Marathon would accept the pod and never start it: give"
                    + " at least one agent the mesos containerizer (the default; with Docker: containerizers"
                    + " [docker, mesos]) and, outside the harness, one of those isolators");
        }
    }

    static List<String> runningTaskIds(App app) {
        return app == null
                ? List.of()
                : app.tasks().stream()
                        .filter(MarathonTask::isRunning)
                        .map(MarathonTask::id)
                        .sorted()
                        .toList();
    }

    /**
     * Makes a change to an existing app and waits for its deployment and then for {@code unmet} (given the task ids
     * that ran before) to hold; every reason also shows the task set change so far.
     */
    private static TaskSetChange changeAndAwait(
            MesosClusterHandle cluster,
            String appId,
            Duration timeout,
            Function<MarathonClient, DeploymentRef> change,
            Function<List<String>, String> expectation,
            BiFunction<List<String>, App, String> unmet) {
        positive(timeout);
        List<String> before = runningTaskIds(existing(cluster, appId));
        String deploymentId = change.apply(cluster.marathon()).deploymentId();
        App end = awaitApp(cluster, appId, deploymentId, timeout, expectation.apply(before), app -> {
            String deployed = deployedReason(app);
            String reason = deployed != null ? deployed : unmet.apply(before, app);
            return reason == null ? null : reason + " [" + TaskSetChange.of(before, runningTaskIds(app), app) + "]";
        });
        return TaskSetChange.of(before, runningTaskIds(end), end);
    }

    static App existing(MesosClusterHandle cluster, String appId) {
        String id = resolve(cluster, appId);
        return cluster.marathon()
                .findApp(id)
                .orElseThrow(() -> new IllegalArgumentException("app " + id + " does not exist in Marathon"));
    }

    static void requireHealthChecks(MesosClusterHandle cluster, String appId) {
        App app = existing(cluster, appId);
        if (!app.hasHealthChecks()) {
            throw new IllegalArgumentException("app " + app.id() + " has no health checks, so it can never become"
                    + " healthy or unhealthy; add healthChecks (HTTP, TCP, COMMAND, MESOS_HTTP or MESOS_TCP) to its"
                    + " definition");
        }
    }

    /**
     * Rejects, before anything is sent, what Marathon would reject: invalid constraints (Marathon's own message), health
     * checks it cannot read, and the resident-app rules ({@link MarathonApp#checkResidentRules()}).
     */
    static void validate(MarathonApp app) {
        Constraint.parseAll(app.constraints());
        app.healthChecks();
        app.checkResidentRules();
    }

    static Duration positive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return timeout;
    }

    static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty, got '" + value + "'");
        }
    }
}
