package io.mesosharness.assertions;

import io.mesosharness.assertions.RecordedDeployment.Outcome;
import io.mesosharness.marathon.AppNamespace;
import io.mesosharness.marathon.MarathonEvent;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.marathon.UpgradeStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The healthy, running and staged instance counts of one app over time, computed from Marathon's events (no I/O).
 * Seed it with the app's tasks, then {@link #apply} every event; each change of a count (and each deployment event of
 * the app) adds a {@link CapacityPoint}. The rules are in docs/CHECKS.md ("What counts"); a new task id for a known
 * instance starts health and readiness afresh.
 */
public final class CapacityTimeline {

    private enum Phase {
        STAGED,
        RUNNING,
        LEAVING,
        GONE
    }

    private static final class Instance {
        String taskId;
        Phase phase;
        Boolean healthy;
        boolean ready;
        /** Index of the first point after Marathon last reported the instance not ready (0: never reported). */
        int notReadyFrom;
    }

    private final String appId;
    private int healthCheckCount;
    private boolean readinessChecks;
    private boolean defined;
    private final LongSupplier sequence;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final List<CapacityPoint> points = new ArrayList<>();
    /** Per point: the instances that passed their health checks but were not (yet known) ready. */
    private final List<Set<String>> heldBack = new ArrayList<>();

    /** The deployments of the app seen, in order of their first event. */
    private final Map<String, Span> deployments = new LinkedHashMap<>();

    /** A deployment's first and last point (null: before the recording, or not ended), and how it ended. */
    private static final class Span {
        CapacityPoint start;
        CapacityPoint end;
        Outcome outcome = Outcome.RUNNING;
        String failure;
    }

    /** {@code sequence} numbers the points (one shared by the timelines of a recording). */
    public CapacityTimeline(String appId, int healthCheckCount, boolean readinessChecks, LongSupplier sequence) {
        this.appId = AppNamespace.NONE.qualify(appId);
        this.healthCheckCount = healthCheckCount;
        this.readinessChecks = readinessChecks;
        this.sequence = sequence;
    }

    /** A timeline numbering its own points. */
    public CapacityTimeline(String appId, int healthCheckCount, boolean readinessChecks) {
        this(appId, healthCheckCount, readinessChecks, new AtomicLong()::incrementAndGet);
    }

    public String appId() {
        return appId;
    }

    /** Sets the app's checks when they were not known at construction (the app did not exist yet). */
    public void define(int healthCheckCount, boolean readinessChecks) {
        this.healthCheckCount = healthCheckCount;
        this.readinessChecks = readinessChecks;
        this.defined = true;
    }

    boolean defined() {
        return defined;
    }

    /** (Re)starts from the tasks Marathon listed at {@code at}: ready, health from their results; others gone. */
    public void seed(Instant at, List<MarathonTask> tasks) {
        instances.values().forEach(i -> i.phase = Phase.GONE);
        for (MarathonTask task : tasks) {
            Instance i = instances.computeIfAbsent(task.instanceId(), k -> new Instance());
            i.taskId = task.id();
            i.phase = phaseOf(task.state());
            i.healthy = task.healthCheckResults().isEmpty() ? null : task.isHealthy();
            i.ready = true;
        }
        point(at, "listed " + tasks.size() + " task(s)", true);
    }

    /** Applies one event (events of other apps are ignored); true if it added a point. */
    public boolean apply(MarathonEvent event) {
        Instant at = event.instant().orElse(null);
        if (event.isDeploymentEvent()) {
            return deployment(event, at);
        }
        String id = event.instanceId();
        if (!appId.equals(event.appId()) || id == null) {
            return false;
        }
        Instance known = instances.get(id);
        String type = event.eventType();
        String cause;
        if (event.is(MarathonEvent.STATUS_UPDATE)) {
            incarnation(id, event.taskId()).phase = phaseOf(event.taskStatus());
            cause = event.taskStatus() + " " + event.taskId();
        } else if (event.is(MarathonEvent.INSTANCE_CHANGED)) {
            String condition = event.condition();
            if (condition == null || "Scheduled".equals(condition)) {
                return false;
            }
            incarnation(id, null).phase = phaseOf(condition);
            cause = "instance " + condition + " " + id;
        } else if (known == null) {
            return false;
        } else if (event.is(MarathonEvent.INSTANCE_HEALTH_CHANGED) || event.is(MarathonEvent.HEALTH_STATUS_CHANGED)) {
            Boolean healthy = event.healthy().orElse(null);
            // one check's result decides only when it fails or is the app's only check
            if (healthy == null || (event.is(MarathonEvent.HEALTH_STATUS_CHANGED) && healthy && healthCheckCount > 1)) {
                return false;
            }
            known.healthy = healthy;
            cause = (healthy ? "healthy " : "unhealthy ") + id;
        } else if (type.startsWith("unhealthy_") && type.endsWith("_kill_event")) {
            known.healthy = false;
            known.phase = Phase.LEAVING;
            cause = "killed as unhealthy " + id;
        } else if (event.is(MarathonEvent.UNKNOWN_INSTANCE_TERMINATED) && known.phase != Phase.GONE) {
            known.phase = Phase.GONE;
            cause = "terminated " + id;
        } else {
            return false;
        }
        return point(at, cause, false);
    }

    /** The phase of a Mesos task state or a Marathon instance condition. */
    private static Phase phaseOf(String state) {
        return switch (state == null ? "" : state) {
            case "TASK_STAGING", "TASK_STARTING", "Provisioned", "Staging", "Starting" -> Phase.STAGED;
            case "TASK_RUNNING", "Running" -> Phase.RUNNING;
            case "TASK_KILLING", "Killing" -> Phase.LEAVING;
            default -> Phase.GONE;
        };
    }

    /**
     * A readiness result for a task (or instance) as Marathon reported it at {@code at}; true if it added a point. The
     * poll lags Marathon, so a task reported ready counts from the first moment after it was last reported not ready
     * (or since it passed its health checks): those moments are counted again with it.
     */
    public boolean ready(Instant at, String taskId, boolean ready) {
        String id = instanceOf(taskId);
        Instance i = instances.get(id);
        boolean otherIncarnation = !id.equals(taskId) && i != null && i.taskId != null && !i.taskId.equals(taskId);
        if (i == null || otherIncarnation) {
            return false; // an instance not (or no longer) known, or a result for an earlier task of it
        }
        if (!ready) {
            i.notReadyFrom = points.size();
            if (!i.ready) {
                return false;
            }
            i.ready = false;
            return point(at, "not ready " + taskId, false);
        }
        if (i.ready) {
            return false;
        }
        backdateReady(id, i);
        return point(at, "ready " + taskId, true);
    }

    private void backdateReady(String id, Instance i) {
        for (int p = i.notReadyFrom; p < points.size(); p++) {
            if (heldBack.get(p).remove(id)) {
                CapacityPoint o = points.get(p);
                points.set(
                        p,
                        new CapacityPoint(o.seq(), o.at(), appId, o.healthy() + 1, o.running(), o.staged(), o.cause()));
            }
        }
        i.ready = true;
    }

    public List<CapacityPoint> points() {
        return List.copyOf(points);
    }

    public boolean hasReadinessChecks() {
        return readinessChecks;
    }

    /** True while a deployment of the app is in flight (by its events). */
    public boolean deploying() {
        return deployments.values().stream().anyMatch(d -> d.outcome == Outcome.RUNNING);
    }

    private boolean deployment(MarathonEvent event, Instant at) {
        if (!event.affectedApps().contains(appId)) {
            return false;
        }
        String id = event.deploymentId();
        boolean success = event.is(MarathonEvent.DEPLOYMENT_SUCCESS);
        if (success || event.is(MarathonEvent.DEPLOYMENT_FAILED)) {
            if (success) {
                // Marathon finished the step, so every new instance was ready before
                instances.forEach((key, i) -> {
                    if (i.phase == Phase.RUNNING && !i.ready) {
                        backdateReady(key, i);
                    }
                });
            }
            point(at, event.eventType() + " " + id, true);
            Span span = deployments.computeIfAbsent(id, k -> new Span());
            span.end = points.get(points.size() - 1);
            span.outcome = success ? Outcome.SUCCEEDED : Outcome.FAILED;
            span.failure = event.message();
        } else if (deployments.get(id) == null || deployments.get(id).outcome != Outcome.RUNNING) {
            point(at, "deployment started " + id + " " + event.currentStepActions(), true);
            deployments.computeIfAbsent(id, k -> new Span()).start = points.get(points.size() - 1);
        } else {
            return false;
        }
        return true;
    }

    /** Null once the last deployment seen and every one of {@code listed} (by Marathon) has ended; else why not. */
    String unended(List<String> listed, Instant recordingStart) {
        List<String> open = listed.stream()
                .filter(d -> !deployments.containsKey(d) || deployments.get(d).outcome == Outcome.RUNNING)
                .toList();
        if (!open.isEmpty()) {
            return "Deployment " + String.join(", ", open) + " that Marathon listed for " + appId + " did not end"
                    + (deployments.keySet().containsAll(open) ? "" : " (no event of it seen)");
        }
        String last = lastDeployment();
        if (last == null) {
            return "No deployment of " + appId + " was seen since the recording started at " + recordingStart;
        }
        return deployments.get(last).outcome == Outcome.RUNNING
                ? "Deployment " + last + " of " + appId + " did not end"
                : null;
    }

    /** The id of the deployment whose first event came last, or null. */
    String lastDeployment() {
        return deployments.keySet().stream().reduce((a, b) -> b).orElse(null);
    }

    /** The deployment with the app's count and strategy after it; its points from its start to its end. */
    RecordedDeployment deployment(String id, int instanceCount, UpgradeStrategy strategy) {
        Span d = deployments.get(id);
        List<CapacityPoint> span = points.stream()
                .filter(p -> (d.start == null || p.seq() >= d.start.seq()) && (d.end == null || p.seq() <= d.end.seq()))
                .toList();
        return new RecordedDeployment(
                appId,
                id,
                d.outcome,
                d.failure,
                d.start == null ? null : d.start.at(),
                d.end == null ? null : d.end.at(),
                instanceCount,
                strategy,
                span);
    }

    /** The instance, created if new; a task id other than the known one is a new incarnation (health, readiness anew). */
    private Instance incarnation(String instanceId, String taskId) {
        Instance known = instances.get(instanceId);
        boolean fresh = known == null || (taskId != null && known.taskId != null && !taskId.equals(known.taskId));
        Instance i = instances.computeIfAbsent(instanceId, k -> new Instance());
        if (fresh) {
            i.healthy = null;
            i.ready = !readinessChecks || !deploying();
        }
        if (taskId != null) {
            i.taskId = taskId;
        }
        return i;
    }

    private static String instanceOf(String taskId) {
        int idx = taskId == null ? -1 : taskId.lastIndexOf("._app.");
        return idx > 0 ? taskId.substring(0, idx) : taskId;
    }

    private boolean point(Instant at, String cause, boolean always) {
        int healthy = 0;
        int running = 0;
        int staged = 0;
        Set<String> held = new HashSet<>();
        for (Map.Entry<String, Instance> e : instances.entrySet()) {
            Instance i = e.getValue();
            if (i.phase == Phase.RUNNING) {
                running++;
                boolean passes = healthCheckCount == 0 || Boolean.TRUE.equals(i.healthy);
                if (passes && (!readinessChecks || i.ready)) {
                    healthy++;
                } else if (passes) {
                    held.add(e.getKey());
                }
            } else if (i.phase == Phase.STAGED) {
                staged++;
            }
        }
        CapacityPoint last = points.isEmpty() ? null : points.get(points.size() - 1);
        if (!always
                && last != null
                && last.healthy() == healthy
                && last.running() == running
                && last.staged() == staged
                && heldBack.get(heldBack.size() - 1).equals(held)) {
            return false;
        }
        Instant when = at != null ? at : last != null ? last.at() : Instant.EPOCH;
        points.add(new CapacityPoint(sequence.getAsLong(), when, appId, healthy, running, staged, cause));
        heldBack.add(held);
        return true;
    }
}
