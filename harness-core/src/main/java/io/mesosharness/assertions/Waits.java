package io.mesosharness.assertions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.DeploymentRef;
import io.mesosharness.marathon.Group;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.marathon.MarathonException;
import io.mesosharness.marathon.MarathonGroup;
import io.mesosharness.marathon.MarathonPod;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.placement.Constraint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for Marathon apps, usable without AssertJ. Every wait reads the app every 100 ms until its condition holds
 * (see {@link AppWatch}). A wait that does not come true throws {@link WaitFailedError} whose message shows the app's
 * counts, its deployments, Marathon's queue entry with the offer-reject summary (e.g.
 * {@code Declined offers: UnfulfilledConstraint 4}) and the placement; a deployment the wait made that another one
 * replaced fails at once. Bad input (an invalid constraint, a health wait on an app without health checks) fails with
 * {@link IllegalArgumentException} before anything changes.
 */
public final class Waits {

    /** Timeout of the overloads without one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private Waits() {}

    // ---------------------------------------------------------------- deployments

    /**
     * Waits until no deployment touches the app and {@code tasksRunning == instances} (and {@code tasksHealthy ==
     * instances} if it has health checks).
     */
    public static App awaitDeployed(MesosClusterHandle cluster, String appId, Duration timeout) {
        return new AppWatch(cluster, appId).await(positive(timeout), "be deployed", Waits::deployedReason);
    }

    /** {@link #awaitDeployed(MesosClusterHandle, String, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static App awaitDeployed(MesosClusterHandle cluster, String appId) {
        return awaitDeployed(cluster, appId, DEFAULT_TIMEOUT);
    }

    /**
     * Like {@link #awaitDeployed(MesosClusterHandle, String, Duration)} for {@code deploymentId} (e.g. the id of a
     * {@link DeploymentRef} from a change made before), and fails at once if another deployment of the app replaced it.
     */
    public static App awaitDeployment(MesosClusterHandle cluster, String appId, String deploymentId, Duration timeout) {
        requireText("deploymentId", deploymentId);
        return new AppWatch(cluster, appId)
                .track(deploymentId)
                .await(positive(timeout), "finish deployment " + deploymentId, Waits::deployedReason);
    }

    /**
     * Checks the definition (constraints as Marathon validates them, resident-app rules for persistent volumes), then
     * creates the app and waits until it is deployed. If the app exists already (409) in the handle's own space (its app
     * namespace, or a local cluster of its own: what the test run deployed), it is updated to this definition; on an
     * external cluster outside a namespace, where others' apps live, it is never overwritten.
     *
     * @throws io.mesosharness.placement.InvalidConstraintException for a constraint Marathon would reject (422), before
     *                                                              anything is sent
     * @throws IllegalStateException if the app exists on an external cluster outside a namespace
     */
    public static App deployAndAwait(MesosClusterHandle cluster, MarathonApp app, Duration timeout) {
        Objects.requireNonNull(app, "app");
        validate(app);
        Duration limit = positive(timeout);
        AppWatch watch = new AppWatch(cluster, app.id());
        DeploymentRef ref = createOrUpdate(
                cluster,
                "app " + watch.appId(),
                () -> cluster.marathon().create(app),
                () -> cluster.marathon().update(app));
        watch.track(ref.deploymentId());
        return watch.await(limit, "be deployed (deployment " + ref.deploymentId() + ")", Waits::deployedReason);
    }

    /** {@link #deployAndAwait(MesosClusterHandle, MarathonApp, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static App deployAndAwait(MesosClusterHandle cluster, MarathonApp app) {
        return deployAndAwait(cluster, app, DEFAULT_TIMEOUT);
    }

    /**
     * Checks every app of the group like {@link #deployAndAwait(MesosClusterHandle, MarathonApp, Duration)}, creates
     * the group (or, if it exists in the handle's own space, changes it to this definition: apps it no longer lists are
     * removed) and waits until each of its apps is deployed. Marathon starts an app only after the apps it depends on run
     * and are healthy; {@link AppAssert#startedAfter} checks that order afterwards.
     *
     * @return the group as Marathon reports it then
     */
    public static Group deployAndAwait(MesosClusterHandle cluster, MarathonGroup group, Duration timeout) {
        Objects.requireNonNull(group, "group");
        group.apps().forEach(Waits::validate);
        Duration limit = positive(timeout);
        DeploymentRef ref = createOrUpdate(
                cluster,
                "group " + cluster.marathon().qualify(group.id()),
                () -> cluster.marathon().create(group),
                () -> cluster.marathon().update(group));
        return awaitGroupDeployed(cluster, group.id(), ref.deploymentId(), limit);
    }

    /** {@link #deployAndAwait(MesosClusterHandle, MarathonGroup, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static Group deployAndAwait(MesosClusterHandle cluster, MarathonGroup group) {
        return deployAndAwait(cluster, group, DEFAULT_TIMEOUT);
    }

    /**
     * Checks that the cluster can run the pod, creates it (or, if it exists in the handle's own space, changes it to
     * this definition) and waits until it is deployed, as {@link PodAssert#isDeployed()} says. Pods run under Mesos'
     * default executor: an agent needs the {@code mesos} containerizer, and for a pod with {@code volumes} the
     * {@code volume/sandbox_path} (or {@code filesystem/linux}) isolator, which the harness's agents have.
     *
     * @throws IllegalStateException if no agent of the cluster can run the pod, naming each agent's containerizers and
     *                               isolators (Marathon would accept the pod and never start it)
     */
    public static PodStatus deployAndAwait(MesosClusterHandle cluster, MarathonPod pod, Duration timeout) {
        Objects.requireNonNull(pod, "pod");
        Duration limit = positive(timeout);
        PodWatch.requireAgentsFor(cluster, pod);
        createOrUpdate(
                cluster,
                "pod " + cluster.marathon().qualify(pod.id()),
                () -> cluster.marathon().create(pod),
                () -> cluster.marathon().update(pod));
        return PodWatch.awaitDeployed(cluster, pod.id(), limit);
    }

    /** {@link #deployAndAwait(MesosClusterHandle, MarathonPod, Duration)} with {@link #DEFAULT_TIMEOUT}. */
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
     * Waits until every app of the group (and its sub-groups) is deployed, each as
     * {@link #awaitDeployed(MesosClusterHandle, String, Duration)}, and every pod as {@link PodAssert#isDeployed()};
     * with a deployment id, an app's deployment that another replaced fails at once.
     */
    static Group awaitGroupDeployed(MesosClusterHandle cluster, String groupId, String deploymentId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String expectation =
                "be deployed as part of group " + cluster.marathon().qualify(groupId)
                        + (deploymentId == null ? "" : " (deployment " + deploymentId + ")");
        Group group = cluster.marathon()
                .findGroup(groupId)
                .orElseThrow(() -> new WaitFailedError(
                        WaitFailedError.Kind.TIMEOUT,
                        "Expected group " + cluster.marathon().qualify(groupId) + " to be deployed, but Marathon has "
                                + "no such group"));
        for (App app : group.allApps()) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            new AppWatch(cluster, app.id()).track(deploymentId).await(left, expectation, Waits::deployedReason);
        }
        for (PodStatus pod : group.allPods()) {
            PodWatch.awaitDeployed(
                    cluster, pod.id(), Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000)));
        }
        return cluster.marathon().group(groupId);
    }

    // ---------------------------------------------------------------- scale and restart

    /**
     * Scales the app to {@code instances} and waits until Marathon says the deployment is done and exactly that many
     * tasks run (healthy, with health checks). The result says which tasks were added and which removed.
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

    /** {@link #scaleAndAwait(MesosClusterHandle, String, int, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static TaskSetChange scaleAndAwait(MesosClusterHandle cluster, String appId, int instances) {
        return scaleAndAwait(cluster, appId, instances, DEFAULT_TIMEOUT);
    }

    /**
     * Restarts the app ({@code POST /v2/apps/{id}/restart}) and waits until the deployment is done and every task that
     * ran before has been replaced by a new one.
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

    /** {@link #restartAndAwait(MesosClusterHandle, String, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static TaskSetChange restartAndAwait(MesosClusterHandle cluster, String appId) {
        return restartAndAwait(cluster, appId, DEFAULT_TIMEOUT);
    }

    // ---------------------------------------------------------------- health

    /**
     * Waits until all instances of the app run and pass their health checks ({@code tasksHealthy == instances}); works
     * for Marathon-level (HTTP, HTTPS, TCP) and Mesos-level (MESOS_HTTP, MESOS_TCP, COMMAND) checks alike.
     *
     * @throws IllegalArgumentException if the app has no health checks, before waiting
     */
    public static App awaitHealthy(MesosClusterHandle cluster, String appId, Duration timeout) {
        Duration limit = positive(timeout);
        requireHealthChecks(cluster, appId);
        return new AppWatch(cluster, appId).await(limit, "become healthy", Waits::healthyReason);
    }

    /**
     * Waits until a task of the app fails its health check: a task reports a failing result, or Marathon counts a task
     * unhealthy.
     *
     * @throws IllegalArgumentException if the app has no health checks, before waiting
     */
    public static App awaitUnhealthy(MesosClusterHandle cluster, String appId, Duration timeout) {
        Duration limit = positive(timeout);
        requireHealthChecks(cluster, appId);
        return new AppWatch(cluster, appId).await(limit, "become unhealthy", Waits::unhealthyReason);
    }

    // ---------------------------------------------------------------- shared with AppAssert

    static String deployedReason(App app) {
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

    static String healthyReason(App app) {
        if (app.instanceCount() == 0) {
            return "the app has 0 instances";
        }
        if (app.tasksHealthy() >= app.instanceCount() && app.tasksRunning() >= app.instanceCount()) {
            return null;
        }
        return "healthy " + app.tasksHealthy() + " of " + app.instanceCount() + " instances (running "
                + app.tasksRunning() + ", unhealthy " + app.tasksUnhealthy() + ")" + healthResults(app);
    }

    static String unhealthyReason(App app) {
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
        Duration limit = positive(timeout);
        AppWatch watch = new AppWatch(cluster, appId);
        List<String> before = runningTaskIds(existing(watch));
        watch.track(change.apply(cluster.marathon()).deploymentId());
        App end = watch.await(limit, expectation.apply(before), app -> {
            String reason = deployedReason(app) != null ? deployedReason(app) : unmet.apply(before, app);
            return reason == null ? null : reason + " [" + TaskSetChange.of(before, runningTaskIds(app), app) + "]";
        });
        return TaskSetChange.of(before, runningTaskIds(end), end);
    }

    static App existing(AppWatch watch) {
        App app = watch.read();
        if (app == null) {
            throw new IllegalArgumentException("app " + watch.appId() + " does not exist in Marathon");
        }
        return app;
    }

    static void requireHealthChecks(MesosClusterHandle cluster, String appId) {
        App app = existing(new AppWatch(cluster, appId));
        if (!app.hasHealthChecks()) {
            throw new IllegalArgumentException(
                    "app " + app.id() + " has no health checks, so it can never become healthy "
                            + "or unhealthy; add healthChecks (HTTP, TCP, COMMAND, MESOS_HTTP or MESOS_TCP) to its definition");
        }
    }

    /**
     * Rejects, before anything is sent, what Marathon would reject: invalid constraints (Marathon's own message), and for
     * apps with local persistent volumes an enabled unreachableStrategy, {@code maximumOverCapacity != 0} and
     * {@code acceptedResourceRoles} other than {@code ["*"]}. Health checks are checked when read.
     */
    static void validate(MarathonApp app) {
        Constraint.parseAll(app.constraints());
        app.healthChecks();
        if (app.persistentVolumes().isEmpty()) {
            return;
        }
        ObjectNode json = app.toObjectNode();
        List<String> problems = new ArrayList<>();
        JsonNode unreachable = json.get("unreachableStrategy");
        if (unreachable != null && !unreachable.isNull() && !"disabled".equals(unreachable.asText())) {
            problems.add("unreachableStrategy must be \"disabled\" for resident tasks, got " + unreachable);
        }
        JsonNode overCapacity = json.path("upgradeStrategy").get("maximumOverCapacity");
        if (overCapacity != null && overCapacity.asDouble() != 0) {
            problems.add("upgradeStrategy.maximumOverCapacity must be 0 for resident tasks, got " + overCapacity);
        }
        JsonNode roles = json.get("acceptedResourceRoles");
        if (roles != null
                && roles.isArray()
                && !(roles.size() == 1 && "*".equals(roles.get(0).asText()))) {
            problems.add("acceptedResourceRoles of a resident app must be [\"*\"], got " + roles);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("app " + app.id() + " (from " + app.source()
                    + ") has persistent volumes but breaks Marathon's rules for resident apps: "
                    + String.join("; ", problems));
        }
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
