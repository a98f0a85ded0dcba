package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.Poll;
import io.mesosharness.cluster.WaitTimeoutException;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits for a condition on one app by reading {@code GET /v2/apps/{id}} with {@link Poll} (every
 * {@link Poll#INTERVAL}). A deployment the wait made ({@link #track}) that Marathon replaced by another one before it
 * finished (a forced change, a rollback) fails the wait at once; a timeout fails with the expectation, the last reason
 * and the app's diagnosis. While Marathon is unreachable or answers 502/503/504 ({@link #isTransient}, as while it
 * restarts after a master failover) the condition counts as not yet met.
 */
final class AppWatch {

    /** A condition on the app: null when it holds, else a short reason such as "running 1 of 2". */
    @FunctionalInterface
    interface Condition {
        String unmet(App app);
    }

    private final MesosClusterHandle cluster;
    private final String appId;
    private final Set<String> tracked = new LinkedHashSet<>();

    AppWatch(MesosClusterHandle cluster, String appId) {
        this.cluster = cluster;
        this.appId = resolve(cluster, appId);
    }

    /**
     * The app id as Marathon knows it on this handle: normalised, and in the handle's app namespace if it has one
     * ({@code /web} on a shared cluster's class view is {@code /<class-namespace>/web}).
     */
    static String resolve(MesosClusterHandle cluster, String appId) {
        return cluster.marathon().qualify(normalise(appId));
    }

    static String normalise(String appId) {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("app id must not be empty, got '" + appId + "'");
        }
        String id = appId.trim();
        return id.startsWith("/") ? id : "/" + id;
    }

    String appId() {
        return appId;
    }

    MesosClusterHandle cluster() {
        return cluster;
    }

    /** Marks a deployment as the one waited for: if another deployment replaces it, the wait fails at once. */
    AppWatch track(String deploymentId) {
        if (deploymentId != null && !deploymentId.isBlank()) {
            tracked.add(deploymentId);
        }
        return this;
    }

    /** The app now, or null if Marathon does not know it. */
    App read() {
        return cluster.marathon().findApp(appId).orElse(null);
    }

    /**
     * True for failures that pass by themselves: Marathon unreachable, or answering 502/503/504 (no leader, a ZooKeeper
     * timeout) – as while it exits and restarts on a Mesos master failover or a ZooKeeper loss.
     */
    static boolean isTransient(MarathonException e) {
        return e.kind() == MarathonException.Kind.UNREACHABLE
                || e.kind() == MarathonException.Kind.SERVER_ERROR && e.status() >= 502 && e.status() <= 504;
    }

    /** One read of the app: the app (null if unknown), why the condition is unmet (null: met), or why to stop now. */
    private record Reading(App app, String unmet, Throwable stop) {}

    /** Waits until the condition holds on a fresh read of the app and returns that read. */
    App await(Duration timeout, String expectation, Condition condition) {
        App[] lastApp = {null};
        Reading[] seen = {null};
        Reading last;
        try {
            last = Poll.until(
                    timeout,
                    appId + " to " + expectation,
                    () -> seen[0] = read(expectation, condition, lastApp),
                    r -> r.unmet() == null || r.stop() != null,
                    Reading::unmet);
        } catch (WaitTimeoutException e) {
            throw new WaitFailedError(
                    WaitFailedError.Kind.TIMEOUT,
                    "Expected " + appId + " to " + expectation + " within " + Diagnostics.format(timeout) + ", but: "
                            + (seen[0] == null ? "no read finished" : seen[0].unmet()) + "\n"
                            + Diagnostics.explain(this, lastApp[0]));
        }
        if (last.stop() instanceof RuntimeException e) {
            throw e;
        }
        if (last.stop() instanceof Error e) {
            throw e;
        }
        return last.app();
    }

    private Reading read(String expectation, Condition condition, App[] lastApp) {
        App app;
        try {
            app = read();
        } catch (MarathonException e) {
            if (!isTransient(e)) {
                return new Reading(lastApp[0], "Marathon failed: " + e.getMessage(), e);
            }
            return new Reading(
                    lastApp[0],
                    "Marathon did not answer the last read (" + e.getMessage() + ")"
                            + (lastApp[0] == null ? "" : "; before that: " + condition.unmet(lastApp[0])),
                    null);
        }
        lastApp[0] = app;
        if (app == null) {
            return new Reading(null, "app " + appId + " does not exist", null);
        }
        List<String> replacedBy = replacements(app);
        if (!replacedBy.isEmpty()) {
            return new Reading(
                    app,
                    "replaced",
                    new WaitFailedError(
                            WaitFailedError.Kind.DEPLOYMENT_FAILED,
                            "Expected " + appId + " to " + expectation + ", but deployment "
                                    + String.join(", ", tracked) + " was replaced by deployment "
                                    + String.join(", ", replacedBy)
                                    + " before it finished (a forced change or a rollback cancelled it); if that"
                                    + " change is meant, wait for it with Waits.awaitDeployed\n"
                                    + Diagnostics.explain(this, app)));
        }
        return new Reading(app, condition.unmet(app), null);
    }

    /** Deployments of the app that took the place of every tracked one, or none. */
    private List<String> replacements(App app) {
        List<String> now = app.deploymentIds();
        if (tracked.isEmpty() || now.isEmpty() || tracked.stream().anyMatch(now::contains)) {
            return List.of();
        }
        return now;
    }
}
