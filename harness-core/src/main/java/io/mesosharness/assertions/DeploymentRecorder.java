package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.EventSubscription;
import io.mesosharness.marathon.MarathonEvent;
import io.mesosharness.marathon.MarathonException;
import io.mesosharness.marathon.ReadinessCheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>It subscribes to {@code /v2/events} (and fails if Marathon does not attach it within {@link #ATTACH_TIMEOUT}),
 * then lists each app's tasks as the starting point. An app that does not exist yet starts empty; its checks are read
 * when its first deployment event arrives. After a reconnect of the stream the tasks are listed again. For apps with
 * readiness checks it reads {@code GET /v2/deployments} every 250 ms while a deployment of
 * the app runs, since Marathon reports readiness only there, not as events.
 */
public final class DeploymentRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRecorder.class);
    private static final List<DeploymentRecorder> OPEN = new CopyOnWriteArrayList<>();

    /** How long {@link #start} waits for the event stream. */
    public static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);

    static volatile Duration readinessPollInterval = Duration.ofMillis(250);

    private final MesosClusterHandle cluster;
    private final Object lock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, CapacityTimeline> timelines = new LinkedHashMap<>();
    private final Map<String, Boolean> defined = new LinkedHashMap<>();
    private final Map<String, Map<String, Window>> windows = new LinkedHashMap<>();
    private final Instant startedAt = Instant.now();
    private final EventSubscription subscription;
    private final ScheduledExecutorService poller;
    private volatile boolean closed;

    /** A deployment's span in a timeline, by point sequence numbers. */
    private static final class Window {
        long startSeq = Long.MIN_VALUE;
        long endSeq = Long.MAX_VALUE;
        Instant started;
        Instant ended;
        RecordedDeployment.Outcome outcome = RecordedDeployment.Outcome.RUNNING;
        String failure;
    }

    private DeploymentRecorder(MesosClusterHandle cluster, List<String> appIds) {
        this.cluster = cluster;
        for (String id : appIds) {
            String appId = AppWatch.resolve(cluster, id); // on a shared cluster: the class's namespaced id
            timelines.put(appId, new CapacityTimeline(appId, 0, false, sequence::incrementAndGet));
            defined.put(appId, false);
            windows.put(appId, new LinkedHashMap<>());
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
        synchronized (lock) {
            timelines.keySet().forEach(this::list);
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesos-harness-readiness");
            t.setDaemon(true);
            return t;
        });
        long every = readinessPollInterval.toMillis();
        poller.scheduleWithFixedDelay(this::pollReadiness, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts recording the given apps (ids like {@code /web}); they need not exist yet. */
    public static DeploymentRecorder start(MesosClusterHandle cluster, String... appIds) {
        java.util.Objects.requireNonNull(cluster, "cluster");
        if (appIds.length == 0) {
            throw new IllegalArgumentException("DeploymentRecorder.start needs at least one app id");
        }
        DeploymentRecorder recorder = new DeploymentRecorder(cluster, List.of(appIds));
        OPEN.add(recorder);
        return recorder;
    }

    /** The most recently started open recorder of this cluster that records the app. */
    static Optional<DeploymentRecorder> recording(MesosClusterHandle cluster, String appId) {
        String id = AppWatch.resolve(cluster, appId);
        List<DeploymentRecorder> open = new ArrayList<>(OPEN);
        for (int i = open.size() - 1; i >= 0; i--) {
            DeploymentRecorder r = open.get(i);
            if (r.cluster == cluster && r.timelines.containsKey(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The recorded apps, in the order given. */
    public List<String> appIds() {
        return List.copyOf(timelines.keySet());
    }

    /** The capacity timeline of one recorded app so far. */
    public List<CapacityPoint> timeline(String appId) {
        synchronized (lock) {
            return timelineOf(appId).points();
        }
    }

    /** The timelines of all recorded apps merged, with counts summed over the apps. */
    public List<CapacityPoint> combinedTimeline() {
        synchronized (lock) {
            List<List<CapacityPoint>> all = new ArrayList<>();
            timelines.values().forEach(t -> all.add(t.points()));
            return CapacityJudge.combine(all);
        }
    }

    /**
     * Waits until the app's most recent deployment (the latest one whose events the recording saw, and at least every
     * deployment Marathon lists for the app when called) has ended, up to {@code timeout}, and returns it with its
     * timeline and the app's instance count and upgrade strategy then.
     *
     * @throws AssertionError if no deployment of the app was seen, or it did not end in time (with the timeline)
     */
    public RecordedDeployment awaitLastDeployment(String appId, Duration timeout) {
        String id = AppWatch.resolve(cluster, appId);
        timelineOf(id);
        long deadline = System.nanoTime() + Waits.positive(timeout).toNanos();
        // deployments Marathon lists for the app now (a change just made) count even before their first event
        List<String> inFlight =
                cluster.marathon().findApp(id).map(App::deploymentIds).orElse(List.of());
        String lastId;
        Window window;
        synchronized (lock) {
            while (true) {
                Map<String, Window> seen = windows.get(id);
                lastId = seen.isEmpty() ? null : new ArrayList<>(seen.keySet()).get(seen.size() - 1);
                window = lastId == null ? null : seen.get(lastId);
                boolean listedEnded = inFlight.stream()
                        .allMatch(
                                d -> seen.containsKey(d) && seen.get(d).outcome != RecordedDeployment.Outcome.RUNNING);
                if (window != null && window.outcome != RecordedDeployment.Outcome.RUNNING && listedEnded) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String table = CapacityJudge.table(timelines.get(id).points(), p -> false);
                    List<String> open = inFlight.stream()
                            .filter(d ->
                                    !seen.containsKey(d) || seen.get(d).outcome == RecordedDeployment.Outcome.RUNNING)
                            .toList();
                    String waited = " (waited " + Diagnostics.format(timeout) + "). Timeline:\n" + table;
                    if (!open.isEmpty()) {
                        throw new AssertionError("Deployment " + String.join(", ", open) + " that Marathon listed for "
                                + id + " did not end"
                                + (seen.keySet().containsAll(open) ? "" : " (no event of it seen)")
                                + waited);
                    }
                    throw new AssertionError(
                            lastId == null
                                    ? "No deployment of " + id + " was seen since the recording started at " + startedAt
                                            + waited
                                    : "Deployment " + lastId + " of " + id + " did not end" + waited);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the deployment of " + id, e);
                }
            }
        }
        App app = cluster.marathon().app(id);
        synchronized (lock) {
            Window w = window;
            List<CapacityPoint> span = timelines.get(id).points().stream()
                    .filter(p -> p.seq() >= w.startSeq && p.seq() <= w.endSeq)
                    .toList();
            return new RecordedDeployment(
                    id,
                    lastId,
                    w.outcome,
                    w.failure,
                    w.started,
                    w.ended,
                    app.instanceCount(),
                    app.upgradeStrategy(),
                    span);
        }
    }

    // ---------------------------------------------------------------- feeding

    private CapacityTimeline timelineOf(String appId) {
        CapacityTimeline t = timelines.get(AppWatch.resolve(cluster, appId));
        if (t == null) {
            throw new IllegalArgumentException(
                    "app " + appId + " is not recorded by this recorder; it records " + timelines.keySet());
        }
        return t;
    }

    /** Lists the app's tasks into its timeline (caller holds the lock). */
    private void list(String appId) {
        CapacityTimeline timeline = timelines.get(appId);
        try {
            Optional<App> app = cluster.marathon().findApp(appId);
            app.ifPresent(a -> {
                define(timeline, a);
                timeline.seed(Instant.now(), a.tasks());
            });
            if (app.isEmpty()) {
                timeline.seed(Instant.now(), List.of());
            }
        } catch (MarathonException e) {
            LOG.warn("Cannot list the tasks of {} for its capacity timeline: {}", appId, e.getMessage());
        }
    }

    private void define(CapacityTimeline timeline, App app) {
        timeline.define(app.healthChecks().size(), app.hasReadinessChecks());
        defined.put(timeline.appId(), true);
    }

    private void onEvent(MarathonEvent event) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (event.isReconnectMarker()) {
                timelines.keySet().forEach(this::list);
                lock.notifyAll();
                return;
            }
            for (CapacityTimeline timeline : timelines.values()) {
                String appId = timeline.appId();
                boolean touches =
                        event.isDeploymentEvent() && event.affectedApps().contains(appId);
                if (touches && !defined.get(appId)) {
                    try {
                        cluster.marathon().findApp(appId).ifPresent(a -> define(timeline, a));
                    } catch (MarathonException e) {
                        LOG.debug("Cannot read {} yet: {}", appId, e.getMessage());
                    }
                }
                boolean added = timeline.apply(event);
                if (touches && added) {
                    mark(appId, event, timeline.points());
                }
            }
            lock.notifyAll();
        }
    }

    private void mark(String appId, MarathonEvent event, List<CapacityPoint> points) {
        CapacityPoint marker = points.get(points.size() - 1);
        Window w = windows.get(appId).computeIfAbsent(event.deploymentId(), k -> new Window());
        if (event.is(MarathonEvent.DEPLOYMENT_SUCCESS) || event.is(MarathonEvent.DEPLOYMENT_FAILED)) {
            w.endSeq = marker.seq();
            w.ended = marker.at();
            w.outcome = event.is(MarathonEvent.DEPLOYMENT_SUCCESS)
                    ? RecordedDeployment.Outcome.SUCCEEDED
                    : RecordedDeployment.Outcome.FAILED;
            w.failure = event.message();
        } else {
            w.startSeq = marker.seq();
            w.started = marker.at();
        }
    }

    private void pollReadiness() {
        List<CapacityTimeline> waiting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            waiting = timelines.values().stream()
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
        synchronized (lock) {
            for (CapacityTimeline timeline : waiting) {
                for (Deployment d : deployments) {
                    for (Deployment.Action action : d.currentActions()) {
                        if (timeline.appId().equals(action.app())) {
                            for (ReadinessCheckResult r : action.readinessCheckResults()) {
                                timeline.ready(now, r.taskId(), r.ready());
                            }
                        }
                    }
                }
            }
            lock.notifyAll();
        }
    }

    /** Stops recording (the event subscription and the readiness poll). */
    @Override
    public void close() {
        synchronized (lock) {
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
