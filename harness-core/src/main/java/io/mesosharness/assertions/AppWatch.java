package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.EventSubscription;
import io.mesosharness.marathon.MarathonEvent;
import io.mesosharness.marathon.MarathonException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one app through Marathon's event stream and re-reads its state when something happened to it.
 *
 * <p>Open it <b>before</b> making the change to observe. Events of the app (by {@code appId}/{@code runSpecId}),
 * deployment events that touch it (plan actions) or carry a tracked deployment id, and the reconnect marker wake the
 * waiter, which then reads {@code GET /v2/apps/{id}} once. An app's state keeps settling for a moment after its
 * events without events of its own (Marathon drops a finished deployment from the app before it sends
 * {@code deployment_success}, sometimes seconds later), so for {@link #settleWindow} after the watch opened and after
 * each relevant event the app is also re-read every {@link #settleInterval}: a wait ends within that interval of its
 * condition holding. Otherwise polling is only the fallback: every {@link #pollInterval} while the stream is not
 * attached (not attached within {@link #attachTimeout}, or dropped), and a safety re-read every
 * {@link #safetyInterval} while it is. The last {@link #EVENTS_KEPT} events for the app are kept for failure
 * messages.
 */
final class AppWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppWatch.class);

    static final int EVENTS_KEPT = 20;
    /** How long to wait for {@code event_stream_attached} before falling back to polling. */
    static volatile Duration attachTimeout = Duration.ofSeconds(2);
    /** Poll interval while the stream is not attached. */
    static volatile Duration pollInterval = Duration.ofMillis(500);
    /** Re-read interval while the stream is attached (in case an event was filtered or lost). */
    static volatile Duration safetyInterval = Duration.ofSeconds(5);
    /** How long after the watch opened and after each relevant event the app is re-read every settle interval. */
    static volatile Duration settleWindow = Duration.ofSeconds(2);
    /** Re-read interval within the settle window. */
    static volatile Duration settleInterval = Duration.ofMillis(100);

    /** A condition on the app: null when it holds, else a short reason such as "running 1 of 2". */
    @FunctionalInterface
    interface Condition {
        String unmet(App app, AppWatch watch);
    }

    private final MesosClusterHandle cluster;
    private final String appId;
    private final EventSubscription subscription;
    private final Object lock = new Object();
    private final Deque<MarathonEvent> events = new ArrayDeque<>();
    private final Set<String> tracked = new LinkedHashSet<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> succeeded = new LinkedHashSet<>();
    private final Map<String, MarathonEvent> failed = new LinkedHashMap<>();
    private final List<MarathonEvent> unhealthyEvidence = new ArrayList<>();
    private boolean dirty;
    private long lastActivity = System.nanoTime();
    private int reads;
    private int reconnects;
    private final String attachProblem;

    private AppWatch(MesosClusterHandle cluster, String appId) {
        this.cluster = cluster;
        this.appId = resolve(cluster, appId);
        EventSubscription sub = null;
        String problem = null;
        try {
            sub = cluster.marathon().events(this::onEvent);
            sub.awaitAttached(attachTimeout);
        } catch (RuntimeException e) {
            problem = e.getMessage();
            LOG.debug("Event stream for {} not attached, polling every {}: {}", this.appId, pollInterval, problem);
        }
        this.subscription = sub;
        this.attachProblem = problem;
    }

    /** Subscribes to the event stream (waits up to {@link #attachTimeout} for it) for the given app. */
    static AppWatch open(MesosClusterHandle cluster, String appId) {
        return new AppWatch(cluster, appId);
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

    /** Marks a deployment as the one waited for: its success ends, its failure fails the wait. */
    void track(String deploymentId) {
        if (deploymentId != null && !deploymentId.isBlank()) {
            synchronized (lock) {
                tracked.add(deploymentId);
                known.add(deploymentId);
            }
        }
    }

    /** True if the event stream is attached now. */
    boolean attached() {
        return subscription != null && subscription.isAttached();
    }

    /** The last events for the app, oldest first. */
    List<MarathonEvent> lastEvents() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** Health failures reported by events since the watch was opened. */
    List<MarathonEvent> unhealthyEvidence() {
        synchronized (lock) {
            return List.copyOf(unhealthyEvidence);
        }
    }

    /** Deployments of the app that are still running in this snapshot (those Marathon reported done excluded). */
    List<String> pendingDeployments(App app) {
        synchronized (lock) {
            return app.deploymentIds().stream()
                    .filter(id -> !succeeded.contains(id))
                    .toList();
        }
    }

    /** How often the app was read. */
    int reads() {
        synchronized (lock) {
            return reads;
        }
    }

    /** One line saying how this watch learnt about changes. */
    String streamSummary() {
        synchronized (lock) {
            String mode = attached()
                    ? "event stream attached"
                    : "event stream not attached (" + (attachProblem == null ? "dropped" : attachProblem)
                            + "), polled every " + pollInterval.toMillis() + " ms";
            return mode + "; " + reads + " reads of the app"
                    + (reconnects > 0 ? "; stream reconnected " + reconnects + " time(s)" : "");
        }
    }

    private void onEvent(MarathonEvent event) {
        synchronized (lock) {
            boolean relevant;
            if (event.isReconnectMarker()) {
                reconnects++;
                relevant = true;
            } else if (event.is(MarathonEvent.DEPLOYMENT_SUCCESS) || event.is(MarathonEvent.DEPLOYMENT_FAILED)) {
                String id = event.deploymentId();
                relevant = tracked.contains(id)
                        || known.contains(id)
                        || event.affectedApps().contains(appId);
                if (relevant && id != null) {
                    if (event.is(MarathonEvent.DEPLOYMENT_SUCCESS)) {
                        succeeded.add(id);
                    } else {
                        failed.put(id, event);
                    }
                }
            } else if (event.isDeploymentEvent()) {
                relevant = event.affectedApps().contains(appId) || tracked.contains(event.deploymentId());
            } else {
                relevant = appId.equals(event.appId());
                if (relevant && isHealthFailure(event)) {
                    unhealthyEvidence.add(event);
                }
            }
            if (relevant) {
                events.addLast(event);
                while (events.size() > EVENTS_KEPT) {
                    events.removeFirst();
                }
                dirty = true;
                lastActivity = System.nanoTime();
                lock.notifyAll();
            }
        }
    }

    private static boolean isHealthFailure(MarathonEvent event) {
        if (event.eventType().startsWith("unhealthy_")) {
            return true;
        }
        boolean healthEvent = event.is(MarathonEvent.INSTANCE_HEALTH_CHANGED)
                || event.is(MarathonEvent.HEALTH_STATUS_CHANGED)
                || event.is(MarathonEvent.FAILED_HEALTH_CHECK);
        return healthEvent && event.healthy().map(h -> !h).orElse(false);
    }

    /** The app now, or null if Marathon does not know it. */
    App read() {
        synchronized (lock) {
            reads++;
        }
        try {
            App app = cluster.marathon().app(appId);
            synchronized (lock) {
                known.addAll(app.deploymentIds());
            }
            return app;
        } catch (MarathonException e) {
            if (e.isNotFound()) {
                return null;
            }
            throw e;
        }
    }

    /**
     * True for failures that pass by themselves: Marathon unreachable, or answering 502/503/504 (no leader, a ZooKeeper
     * timeout) – as while it exits and restarts on a Mesos master failover or a ZooKeeper loss.
     */
    static boolean isTransient(MarathonException e) {
        return e.kind() == MarathonException.Kind.UNREACHABLE
                || e.kind() == MarathonException.Kind.SERVER_ERROR && e.status() >= 502 && e.status() <= 504;
    }

    /**
     * Waits until the condition holds on a fresh read of the app. Fails at once on {@code deployment_failed} for a
     * tracked deployment or one the app had; on timeout with {@code expectation}, the last reason and the diagnosis.
     * While Marathon is unreachable or answers 502/503/504 ({@link #isTransient}) the condition counts as not yet met
     * and the app is polled every {@link #pollInterval} until the deadline.
     */
    App await(Duration timeout, String expectation, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        App app = null;
        String reason;
        while (true) {
            synchronized (lock) {
                dirty = false;
            }
            boolean marathonAway = false;
            try {
                App now = read();
                checkFailed(expectation, now);
                app = now;
                reason = now == null ? "app " + appId + " does not exist" : condition.unmet(now, this);
                if (reason == null) {
                    return now;
                }
            } catch (MarathonException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                marathonAway = true;
                reason = "Marathon did not answer the last read (" + e.getMessage() + ")"
                        + (app == null ? "" : "; before that: " + condition.unmet(app, this));
                LOG.debug("Reading {} failed transiently, retrying: {}", appId, e.getMessage());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            long pause = Math.min(left, nextReadIn(marathonAway).toNanos());
            synchronized (lock) {
                long until = System.nanoTime() + pause;
                while (!dirty) {
                    long rest = until - System.nanoTime();
                    if (rest <= 0) {
                        break;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, rest);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(
                                "Interrupted while waiting for " + appId + " to " + expectation, e);
                    }
                }
            }
        }
        throw new WaitFailedError(
                WaitFailedError.Kind.TIMEOUT,
                "Expected " + appId + " to " + expectation + " within " + Diagnostics.format(timeout) + ", but: "
                        + reason + "\n" + Diagnostics.explain(this, app));
    }

    /** Poll interval while the stream is away or Marathon did not answer, else settle or safety interval. */
    private Duration nextReadIn(boolean marathonAway) {
        if (!attached() || marathonAway) {
            return pollInterval;
        }
        long sinceActivity;
        synchronized (lock) {
            sinceActivity = System.nanoTime() - lastActivity;
        }
        return sinceActivity < settleWindow.toNanos() ? settleInterval : safetyInterval;
    }

    private void checkFailed(String expectation, App app) {
        MarathonEvent failure = null;
        synchronized (lock) {
            for (Map.Entry<String, MarathonEvent> e : failed.entrySet()) {
                if (tracked.contains(e.getKey()) || known.contains(e.getKey())) {
                    failure = e.getValue();
                    break;
                }
            }
        }
        if (failure != null) {
            throw new WaitFailedError(
                    WaitFailedError.Kind.DEPLOYMENT_FAILED,
                    "Expected " + appId + " to " + expectation
                            + ", but Marathon reported deployment_failed for deployment " + failure.deploymentId()
                            + " at "
                            + failure.timestamp() + (failure.message() == null ? "" : ": " + failure.message()) + "\n"
                            + Diagnostics.explain(this, app));
        }
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
