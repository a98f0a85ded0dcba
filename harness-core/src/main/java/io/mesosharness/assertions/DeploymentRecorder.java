package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.Poll;
import io.mesosharness.cluster.WaitTimeoutException;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.EventSubscription;
import io.mesosharness.marathon.MarathonEvent;
import io.mesosharness.marathon.MarathonException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the capacity timeline of apps ({@link CapacityTimeline}) and their deployments from Marathon's event stream,
 * for {@code assertThat(cluster).app("/web").lastDeployment()} and {@code assertThat(recorder)}. Start it
 * <b>before</b> the change to observe, close it afterwards:
 *
 * <pre>{@code
 * try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
 *     cluster.marathon().restart("/web");
 *     assertThat(cluster).app("/web").lastDeployment().keptHealthyCapacityAtLeast(0.5);
 * }
 * }</pre>
 *
 * <p>It subscribes to {@code /v2/events}, then lists each app's tasks as the starting point (again after a reconnect
 * of the stream); an app that does not exist yet starts empty. For apps with readiness checks it reads
 * {@code GET /v2/deployments} every 250 ms while a deployment of the app runs: Marathon reports readiness only there.
 */
public final class DeploymentRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRecorder.class);
    private static final List<DeploymentRecorder> OPEN = new CopyOnWriteArrayList<>();

    /** How long {@link #start} waits for the event stream. */
    public static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);

    private static final long READINESS_POLL_MILLIS = 250;

    private final MesosClusterHandle cluster;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, CapacityTimeline> timelines = new LinkedHashMap<>();
    private final Instant startedAt = Instant.now();
    private final EventSubscription subscription;
    private final ScheduledExecutorService poller;
    private boolean closed;

    private DeploymentRecorder(MesosClusterHandle cluster, List<String> appIds) {
        this.cluster = cluster;
        for (String id : appIds) {
            String appId = cluster.marathon().qualify(id); // on a shared cluster: the class's namespaced id
            timelines.put(appId, new CapacityTimeline(appId, 0, false, sequence::incrementAndGet));
        }
        EventSubscription sub = cluster.marathon().events(this::onEvent);
        try {
            sub.awaitAttached(ATTACH_TIMEOUT);
        } catch (RuntimeException e) {
            sub.close();
            throw new IllegalStateException(
                    "Cannot record deployments of " + appIds + ": Marathon's event stream did not attach ("
                            + e.getMessage() + ")",
                    e);
        }
        this.subscription = sub;
        listTasks();
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesos-harness-readiness");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(
                this::pollReadiness, READINESS_POLL_MILLIS, READINESS_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts recording the given apps (ids like {@code /web}); they need not exist yet. */
    public static DeploymentRecorder start(MesosClusterHandle cluster, String... appIds) {
        Objects.requireNonNull(cluster, "cluster");
        if (appIds.length == 0) {
            throw new IllegalArgumentException("DeploymentRecorder.start needs at least one app id");
        }
        DeploymentRecorder recorder = new DeploymentRecorder(cluster, List.of(appIds));
        OPEN.add(recorder);
        return recorder;
    }

    /** The most recently started open recorder of this cluster that records the app. */
    static Optional<DeploymentRecorder> recording(MesosClusterHandle cluster, String appId) {
        String id = cluster.marathon().qualify(appId);
        return OPEN.stream()
                .filter(r -> r.cluster == cluster && r.timelines.containsKey(id))
                .reduce((first, later) -> later);
    }

    /** The recorded apps, in the order given. */
    public List<String> appIds() {
        return List.copyOf(timelines.keySet());
    }

    /** The capacity timeline of one recorded app so far. */
    public synchronized List<CapacityPoint> timeline(String appId) {
        return timelineOf(appId).points();
    }

    /** The timelines of all recorded apps merged, with counts summed over the apps. */
    public synchronized List<CapacityPoint> combinedTimeline() {
        return CapacityPoint.combine(
                timelines.values().stream().map(CapacityTimeline::points).toList());
    }

    /**
     * Waits until the app's most recent deployment seen (and every one Marathon lists for the app now) has ended and
     * returns it with its timeline and the app's instance count and upgrade strategy then; an {@link AssertionError}
     * with the timeline if none was seen or it did not end in time.
     */
    public RecordedDeployment awaitLastDeployment(String appId, Duration timeout) {
        CapacityTimeline timeline = timelineOf(appId);
        String id = timeline.appId();
        // deployments Marathon lists for the app now (a change just made) count even before their first event
        List<String> listed =
                cluster.marathon().findApp(id).map(App::deploymentIds).orElse(List.of());
        Supplier<String> unended = () -> {
            synchronized (this) {
                return timeline.unended(listed, startedAt);
            }
        };
        String expectation = "the last deployment of " + id + " to end";
        try {
            Poll.until(Waits.positive(timeout), expectation, unended, Objects::isNull, r -> r);
        } catch (WaitTimeoutException e) {
            String reason = unended.get(); // null: it ended just now
            if (reason != null) {
                throw new AssertionError(reason + " (waited " + Diagnostics.format(timeout) + "). Timeline:\n"
                        + CapacityPoint.table(timeline(id), p -> false));
            }
        }
        App app = cluster.marathon().app(id);
        synchronized (this) {
            return timeline.deployment(timeline.lastDeployment(), app.instanceCount(), app.upgradeStrategy());
        }
    }

    private CapacityTimeline timelineOf(String appId) {
        CapacityTimeline t = timelines.get(cluster.marathon().qualify(appId));
        if (t == null) {
            throw new IllegalArgumentException(
                    "app " + appId + " is not recorded by this recorder; it records " + timelines.keySet());
        }
        return t;
    }

    /** Lists each app's tasks into its timeline: the starting point, and again after missed events. */
    private synchronized void listTasks() {
        for (CapacityTimeline timeline : timelines.values()) {
            try {
                timeline.seed(Instant.now(), define(timeline).map(App::tasks).orElse(List.of()));
            } catch (MarathonException e) {
                LOG.warn("Cannot list the tasks of {} for its capacity timeline: {}", timeline.appId(), e.getMessage());
            }
        }
    }

    /** Reads the app and sets the timeline's checks from it. */
    private Optional<App> define(CapacityTimeline timeline) {
        Optional<App> app = cluster.marathon().findApp(timeline.appId());
        app.ifPresent(a -> timeline.define(a.healthChecks().size(), a.hasReadinessChecks()));
        return app;
    }

    private synchronized void onEvent(MarathonEvent event) {
        if (closed) {
            return;
        }
        if (event.isReconnectMarker()) {
            listTasks();
            return;
        }
        for (CapacityTimeline timeline : timelines.values()) {
            if (!timeline.defined()
                    && event.isDeploymentEvent()
                    && event.affectedApps().contains(timeline.appId())) {
                try { // the app did not exist when the recording started: read its checks now
                    define(timeline);
                } catch (MarathonException e) {
                    LOG.debug("Cannot read {} yet: {}", timeline.appId(), e.getMessage());
                }
            }
            timeline.apply(event);
        }
    }

    private void pollReadiness() {
        List<CapacityTimeline> waiting;
        synchronized (this) {
            waiting = closed
                    ? List.of()
                    : timelines.values().stream()
                            .filter(t -> t.deploying() && t.hasReadinessChecks())
                            .toList();
        }
        if (waiting.isEmpty()) {
            return;
        }
        List<Deployment> deployments;
        try {
            deployments = cluster.marathon().deployments();
        } catch (RuntimeException e) {
            LOG.debug("Reading deployments for readiness failed: {}", e.getMessage());
            return;
        }
        Instant now = Instant.now();
        synchronized (this) {
            for (CapacityTimeline timeline : waiting) {
                deployments.stream()
                        .flatMap(d -> d.currentActions().stream())
                        .filter(action -> timeline.appId().equals(action.app()))
                        .flatMap(action -> action.readinessCheckResults().stream())
                        .forEach(r -> timeline.ready(now, r.taskId(), r.ready()));
            }
        }
    }

    /** Stops recording (the event subscription and the readiness poll). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        OPEN.remove(this);
        subscription.close();
        poller.shutdownNow();
    }

    @Override
    public String toString() {
        return "DeploymentRecorder of " + timelines.keySet() + " since " + startedAt;
    }
}
