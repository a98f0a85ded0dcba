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
 * Waits for Marathon apps, groups and pods, usable without AssertJ. Every wait reads Marathon with {@link Poll} until
 * its condition holds; Marathon unreachable or answering 502/503/504 (as after a master failover) counts as unmet,
 * other Marathon errors end the wait. A wait that does not come true throws {@link WaitFailedError} explaining why
 * (counts, deployments, queue entry with {@code Declined offers:}, placement); a deployment the wait made that another
 * replaced fails at once. Bad input fails with {@link IllegalArgumentException} before anything changes.
 */
public final class Waits {

    /** Timeout of the overloads without one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private Waits() {}

    /** Waits until no deployment touches the app and all instances run (and are healthy, with health checks). */
    public static App awaitDeployed(MesosClusterHandle cluster, String appId, Duration timeout) {
        return awaitApp(cluster, appId, null, timeout, "be deployed", Waits::deployedReason);
    }

    public static App awaitDeployed(MesosClusterHandle cluster, String appId) {
        return awaitDeployed(cluster, appId, DEFAULT_TIMEOUT);
    }

    /** {@link #awaitDeployed} for {@code deploymentId}, failing at once if another deployment replaced it. */
    public static App awaitDeployment(MesosClusterHandle cluster, String appId, String deploymentId, Duration timeout) {
        requireText("deploymentId", deploymentId);
        return awaitApp(
                cluster, appId, deploymentId, timeout, "finish deployment " + deploymentId, Waits::deployedReason);
    }

    /**
     * Checks the definition as Marathon would (constraints, health checks, resident-app rules), creates the app and
     * waits until it is deployed. An app that exists (409) in the handle's own space is updated; on an external
     * cluster outside a namespace it is never overwritten ({@link IllegalStateException}).
     */
    public static App deployAndAwait(MesosClusterHandle cluster, MarathonApp app, Duration timeout) {
        validate(Objects.requireNonNull(app, "app"));
        String deployment = createOrUpdate(cluster, timeout, "app", app.id(), c -> c.create(app), c -> c.update(app));
        String expectation = "be deployed (deployment " + deployment + ")";
        return awaitApp(cluster, app.id(), deployment, timeout, expectation, Waits::deployedReason);
    }

    public static App deployAndAwait(MesosClusterHandle cluster, MarathonApp app) {
        return deployAndAwait(cluster, app, DEFAULT_TIMEOUT);
    }

    /**
     * Checks every app like {@link #deployAndAwait(MesosClusterHandle, MarathonApp, Duration)}, creates (or changes)
     * the group and waits until each of its apps and pods is deployed; returns the group as Marathon reports it then.
     */
    public static Group deployAndAwait(MesosClusterHandle cluster, MarathonGroup group, Duration timeout) {
        Objects.requireNonNull(group, "group").apps().forEach(Waits::validate);
        String deployment =
                createOrUpdate(cluster, timeout, "group", group.id(), c -> c.create(group), c -> c.update(group));
        return awaitGroupDeployed(cluster, group.id(), deployment, timeout);
    }

    public static Group deployAndAwait(MesosClusterHandle cluster, MarathonGroup group) {
        return deployAndAwait(cluster, group, DEFAULT_TIMEOUT);
    }

    /**
     * Checks that an agent can run the pod (else {@link IllegalStateException}: Marathon would never start it),
     * creates (or changes) it and waits until it is deployed, as {@link PodAssert#isDeployed()} says.
     */
    public static PodStatus deployAndAwait(MesosClusterHandle cluster, MarathonPod pod, Duration timeout) {
        positive(timeout);
        requireAgentsFor(cluster, Objects.requireNonNull(pod, "pod"));
        String deployment = createOrUpdate(cluster, timeout, "pod", pod.id(), c -> c.create(pod), c -> c.update(pod));
        return awaitPodDeployed(cluster, pod.id(), deployment, timeout);
    }

    public static PodStatus deployAndAwait(MesosClusterHandle cluster, MarathonPod pod) {
        return deployAndAwait(cluster, pod, DEFAULT_TIMEOUT);
    }

    /** Creates; on 409 updates, unless that would overwrite others' work on an external cluster outside a namespace. */
    private static String createOrUpdate(
            MesosClusterHandle cluster,
            Duration timeout,
            String kind,
            String id,
            Function<MarathonClient, DeploymentRef> create,
            Function<MarathonClient, DeploymentRef> update) {
        positive(timeout);
        try {
            return create.apply(cluster.marathon()).deploymentId();
        } catch (MarathonException e) {
            if (e.kind() != MarathonException.Kind.ALREADY_EXISTS) {
                throw e;
            }
            if (cluster.isExternal() && cluster.marathon().namespace().isNone()) {
                throw new IllegalStateException(
                        kind + " " + cluster.marathon().qualify(id) + " already exists in the external Marathon at "
                                + cluster.marathonUrl()
                                + " outside any app namespace, so deployAndAwait does not overwrite it: work in a "
                                + "namespace (NamespacedCluster.of(cluster, \"my-tests\")), delete it first, or "
                                + "change it on purpose with cluster.marathon().update(..) and "
                                + "Waits.awaitDeployment",
                        e);
            }
            return update.apply(cluster.marathon()).deploymentId();
        }
    }

    /** Waits until every app and pod of the group and its sub-groups is deployed. */
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
        group.allApps()
                .forEach(app ->
                        awaitApp(cluster, app.id(), deploymentId, left.get(), expectation, Waits::deployedReason));
        group.allPods().forEach(pod -> awaitPodDeployed(cluster, pod.id(), deploymentId, left.get()));
        return cluster.marathon().group(groupId);
    }

    /** Scales the app and waits until its deployment is done and exactly {@code instances} tasks run. */
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

    /** Restarts the app and waits until its deployment is done and every task that ran before is replaced. */
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

    /** Makes a change to an existing app, then waits for its deployment and for {@code unmet(tasks before, app)}. */
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

    /** Waits until all instances run and pass their health checks; an app without any is an IAE at once. */
    public static App awaitHealthy(MesosClusterHandle cluster, String appId, Duration timeout) {
        positive(timeout);
        requireHealthChecks(cluster, appId);
        return awaitApp(cluster, appId, null, timeout, "become healthy", app -> {
            if (app.instanceCount() == 0) {
                return "the app has 0 instances";
            }
            return app.tasksHealthy() >= app.instanceCount() && app.tasksRunning() >= app.instanceCount()
                    ? null
                    : "healthy " + app.tasksHealthy() + " of " + app.instanceCount() + " instances (running "
                            + app.tasksRunning() + ", unhealthy " + app.tasksUnhealthy() + ")" + healthResults(app);
        });
    }

    /** Waits until a task fails a health check or is counted unhealthy; an app without any is an IAE at once. */
    public static App awaitUnhealthy(MesosClusterHandle cluster, String appId, Duration timeout) {
        positive(timeout);
        requireHealthChecks(cluster, appId);
        return awaitApp(cluster, appId, null, timeout, "become unhealthy", app -> {
            boolean failing = app.tasks().stream()
                    .anyMatch(t -> t.healthCheckResults().stream().anyMatch(r -> !r.isAlive()));
            return app.tasksUnhealthy() > 0 || failing
                    ? null
                    : "every health check passes (healthy " + app.tasksHealthy() + " of " + app.instanceCount() + ")"
                            + healthResults(app);
        });
    }

    /**
     * The one wait: until {@code unmet} (a reason such as "running 1 of 2", null when met) is null on a fresh read of
     * the app, which it returns. A deployment that replaced {@code deploymentId}, if given, fails the wait at once.
     */
    static App awaitApp(
            MesosClusterHandle cluster,
            String appId,
            String deploymentId,
            Duration timeout,
            String expectation,
            Function<App, String> unmet) {
        String id = cluster.marathon().qualify(appId);
        return await(
                timeout,
                "app",
                id,
                expectation,
                () -> cluster.marathon().findApp(id),
                app -> {
                    failIfReplaced(
                            id,
                            expectation,
                            deploymentId,
                            app.deploymentIds(),
                            "Waits.awaitDeployed",
                            () -> Diagnostics.explain(cluster, id, app));
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

    private static <T> T await(
            Duration timeout,
            String kind,
            String id,
            String expectation,
            Supplier<Optional<T>> read,
            Function<T, String> unmet,
            Function<T, String> explain) {
        String subject = "app".equals(kind) ? id : kind + " " + id;
        var poll = new Object() {
            T last;
            String reason; // why the condition is unmet now
            String lastUnmet; // why it was unmet on the last value read
            RuntimeException failure; // a Marathon error that ends the wait
        };
        try { // a WaitFailedError from unmet (deployment replaced) passes through Poll: it ends the wait
            Poll.until(
                    positive(timeout),
                    subject + " to " + expectation,
                    () -> {
                        try {
                            poll.last = read.get().orElse(null);
                            poll.reason = poll.lastUnmet =
                                    poll.last == null ? kind + " " + id + " does not exist" : unmet.apply(poll.last);
                        } catch (MarathonException e) {
                            poll.failure = isTransient(e) ? null : e;
                            poll.reason = "Marathon did not answer the last read (" + e.getMessage() + ")"
                                    + (poll.lastUnmet == null ? "" : "; before that: " + poll.lastUnmet);
                        }
                        return poll.reason == null || poll.failure != null;
                    },
                    done -> done,
                    done -> poll.reason);
        } catch (WaitTimeoutException e) {
            throw new WaitFailedError(
                    WaitFailedError.Kind.TIMEOUT,
                    "Expected " + subject + " to " + expectation + " within " + Diagnostics.format(timeout)
                            + ", but: " + (poll.reason == null ? "no read finished" : poll.reason) + "\n"
                            + explain.apply(poll.last));
        }
        if (poll.failure != null) {
            throw poll.failure;
        }
        return poll.last;
    }

    /**
     * Ends the wait if deployments touch the subject now and none of them is {@code deploymentId} (when given);
     * {@code awaitInstead} names the wait that follows whatever deployment is current.
     */
    private static void failIfReplaced(
            String subject,
            String expectation,
            String deploymentId,
            List<String> now,
            String awaitInstead,
            Supplier<String> explain) {
        if (deploymentId != null && !deploymentId.isBlank() && !now.isEmpty() && !now.contains(deploymentId)) {
            throw new WaitFailedError(
                    WaitFailedError.Kind.DEPLOYMENT_FAILED,
                    "Expected " + subject + " to " + expectation + ", but deployment " + deploymentId
                            + " was replaced by deployment " + String.join(", ", now)
                            + " before it finished (a forced change or a rollback cancelled it); if that change is"
                            + " meant, wait for it with " + awaitInstead + "\n" + explain.get());
        }
    }

    /** Failures that pass by themselves: Marathon unreachable or without leader (502/503/504), as after a failover. */
    static boolean isTransient(MarathonException e) {
        return e.kind() == MarathonException.Kind.UNREACHABLE
                || e.kind() == MarathonException.Kind.SERVER_ERROR && e.status() >= 502 && e.status() <= 504;
    }

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

    private static String healthResults(App app) {
        StringBuilder out = new StringBuilder();
        for (MarathonTask t : app.tasks()) {
            String none = t.healthCheckResults().isEmpty() ? "no health results yet" : "";
            out.append("\n  task " + t.id() + " " + t.state() + " on " + t.host() + ": " + none);
            for (MarathonTask.HealthCheckResult r : t.healthCheckResults()) {
                String cause = r.lastFailureCause() == null ? "" : ", last: " + r.lastFailureCause();
                String failures = " (" + r.consecutiveFailures() + " consecutive failures" + cause + ")";
                out.append(r.isAlive() ? "alive" : "failing")
                        .append(r.consecutiveFailures() == null ? "" : failures)
                        .append("; ");
            }
        }
        return out.toString();
    }

    /**
     * Waits until no deployment touches the pod, it is {@code STABLE} and all its instances run all containers. A
     * deployment that replaced {@code deploymentId}, if given, fails the wait at once.
     */
    static PodStatus awaitPodDeployed(MesosClusterHandle cluster, String podId, String deploymentId, Duration timeout) {
        String expectation = "be deployed" + (deploymentId == null ? "" : " (deployment " + deploymentId + ")");
        return awaitPod(cluster, podId, timeout, expectation, pod -> {
            List<String> deploying = cluster.marathon().deployments().stream()
                    .filter(d -> d.affectedPods().contains(pod.id()))
                    .map(Deployment::id)
                    .toList();
            failIfReplaced(
                    "pod " + pod.id(),
                    expectation,
                    deploymentId,
                    deploying,
                    "assertThat(cluster).pod(id).isDeployed()",
                    () -> Diagnostics.explain(cluster, pod.id(), pod));
            if (!deploying.isEmpty()) {
                return "deployment " + String.join(", ", deploying) + " still running (" + pod.summary() + ")";
            }
            return "STABLE".equals(pod.status()) && pod.runningInstances().size() == pod.instanceCount()
                    ? null
                    : pod.summary();
        });
    }

    /** Pods run under Mesos' default executor; fails if no agent has what it needs (unreadable agents pass). */
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
            boolean isolated = isolation.contains("volume/sandbox_path") || isolation.contains("filesystem/linux");
            if (containerizers.contains("mesos")
                    && (isolated || pod.volumeNames().isEmpty())) {
                return;
            }
            seen.add(agent.hostname() + " (containerizers " + containerizers + ", isolation " + isolation + ")");
        }
        if (!seen.isEmpty()) {
            String volumes = pod.volumeNames().isEmpty()
                    ? ""
                    : " and, for the pod's volumes " + pod.volumeNames() + ", the isolator volume/sandbox_path or"
                            + " filesystem/linux";
            throw new IllegalStateException("pod " + cluster.marathon().qualify(pod.id()) + " (from " + pod.source()
                    + ") cannot run on any agent of " + cluster.name() + ": pods run under Mesos' default executor,"
                    + " which needs the 'mesos' containerizer" + volumes + "; agents: " + String.join("; ", seen)
                    + ". Marathon would accept the pod and never start it: give at least one agent the mesos"
                    + " containerizer (the default; with Docker: containerizers [docker, mesos]) and, outside the"
                    + " harness, one of those isolators");
        }
    }

    static List<String> runningTaskIds(App app) {
        return app.tasks().stream()
                .filter(MarathonTask::isRunning)
                .map(MarathonTask::id)
                .sorted()
                .toList();
    }

    static App existing(MesosClusterHandle cluster, String appId) {
        String id = cluster.marathon().qualify(appId);
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

    /** Rejects what Marathon would: invalid constraints, unreadable health checks, broken resident-app rules. */
    static void validate(MarathonApp app) {
        Constraint.parseAll(app.constraints());
        app.healthChecks();
        app.checkResidentRules();
    }

    static Duration positive(Duration timeout) {
        if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
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
