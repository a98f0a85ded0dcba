package io.mesosharness.assertions;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonTask;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosTask;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * "Does the data in the app's local persistent volume survive a task kill?" – the procedure of
 * {@link AppAssert#keepsVolumeDataAcrossTaskKill(String)}, described in docs/CHECKS.md.
 */
final class VolumeCheck {

    static final String MARKER_FILE = ".mesos-harness-marker";

    private VolumeCheck() {}

    /** Runs the check; returns what was verified. */
    static VolumeCheckResult run(MesosClusterHandle cluster, String appIdIn, String containerPath, Duration timeout) {
        String appId = cluster.marathon().qualify(appIdIn);
        if (containerPath == null || containerPath.isBlank()) {
            throw new IllegalArgumentException(
                    "containerPath of the volume to check on " + appId + " must not be empty");
        }
        App app = Waits.existing(cluster, appId);
        List<String> volumes = app.volumes().stream().map(App.Volume::toString).toList();
        if (!volumes.contains(containerPath + " (persistent)")) {
            throw new IllegalArgumentException("app " + appId + " has no persistent volume '" + containerPath
                    + "' (its volumes: " + volumes + ")");
        }
        MarathonTask task = app.tasks().stream()
                .filter(MarathonTask::isRunning)
                .filter(t -> t.localVolumes().stream().anyMatch(v -> containerPath.equals(v.containerPath())))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("app " + appId + " has no running task with the persistent "
                                + "volume '" + containerPath + "' yet (tasks: "
                                + app.tasks().stream()
                                        .map(t -> t.id() + " " + t.state())
                                        .toList() + "); wait until it is deployed first"));
        String persistenceId = task.localVolumes().stream()
                .filter(v -> containerPath.equals(v.containerPath()))
                .findFirst()
                .orElseThrow()
                .persistenceId();

        // local: a marker written into the volume from inside the agent; external: what the task printed at start
        String marker = "mesos-harness-" + UUID.randomUUID();
        AgentHandle agent = cluster.isExternal() ? null : agentOf(cluster, task);
        String volumePath = agent == null ? null : volumePath(cluster, agent, task.slaveId(), persistenceId);
        if (agent != null) {
            agent.exec("sh", "-c", "printf '%s\\n' \"$1\" > \"$2/" + MARKER_FILE + "\"", "sh", marker, volumePath);
        } else {
            marker = stdout(cluster, task).strip();
            if (marker.isEmpty()) {
                throw new IllegalArgumentException("app " + appId + " runs on an external cluster, where the harness "
                        + "cannot write into the volume; its command must print the volume's content to stdout at "
                        + "start (e.g. 'echo $(date) >> " + containerPath + "/log; cat " + containerPath
                        + "/log; sleep 3600'), but task " + task.id() + " printed nothing");
            }
        }

        cluster.marathon().killTask(appId, task.id());
        String instanceId = task.instanceId();
        Predicate<MarathonTask> isRelaunch =
                t -> instanceId.equals(t.instanceId()) && !task.id().equals(t.id()) && t.isRunning();
        App after = Waits.awaitApp(
                cluster,
                appId,
                null,
                timeout,
                "relaunch killed task " + task.id() + " (instance " + instanceId + ") with its volume '" + containerPath
                        + "'",
                a -> a.tasks().stream().anyMatch(isRelaunch)
                        ? null
                        : "no new running task of instance " + instanceId + " yet (tasks: "
                                + a.tasks().stream()
                                        .map(t -> t.id() + " " + t.state())
                                        .toList() + ")");
        MarathonTask relaunched =
                after.tasks().stream().filter(isRelaunch).findFirst().orElseThrow();
        String where = " (killed " + task.id() + " on " + task.host() + ", relaunched as " + relaunched.id() + " on "
                + relaunched.host() + ")";
        if (!String.valueOf(task.slaveId()).equals(relaunched.slaveId())) {
            throw new AssertionError("Expected " + appId + " to come back on the same agent with volume '"
                    + containerPath + "', but it moved" + where + "\n" + Diagnostics.explain(cluster, appId, after));
        }
        String expected = "Expected " + appId + " to keep the data in volume '" + containerPath + "', but ";
        if (agent == null) {
            String found = stdout(cluster, relaunched);
            if (!found.contains(marker)) {
                throw new AssertionError(expected + "the relaunched task did not print what the killed one printed"
                        + where + "\n  before: " + abbreviate(marker) + "\n  after:  " + abbreviate(found));
            }
        } else {
            String found = agent.exec("sh", "-c", "cat \"$1/" + MARKER_FILE + "\" 2>&1 || true", "sh", volumePath)
                    .strip();
            if (!marker.equals(found)) {
                throw new AssertionError(expected + "the marker written before the kill is gone" + where
                        + "\n  wrote: " + marker + "\n  read:  " + found + " (" + volumePath + "/" + MARKER_FILE
                        + " on " + agent.name() + ")");
            }
        }
        return new VolumeCheckResult(
                appId,
                containerPath,
                task.id(),
                relaunched.id(),
                relaunched.host(),
                relaunched.slaveId(),
                Optional.ofNullable(volumePath),
                marker,
                agent == null);
    }

    private static AgentHandle agentOf(MesosClusterHandle cluster, MarathonTask task) {
        return cluster.agents().stream()
                .filter(a -> a.name().equals(task.host())
                        || a.agentId().map(id -> id.equals(task.slaveId())).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("task " + task.id() + " runs on " + task.host() + " ("
                        + task.slaveId()
                        + "), which is none of the cluster's agents "
                        + cluster.agents().stream().map(AgentHandle::name).toList()));
    }

    /**
     * {@code <work_dir>/volumes/roles/<role>/<persistenceId>}: work_dir from the agent's {@code /state} flags, role from
     * the master's reservation of that persistence id; falls back to searching the agent's file system.
     */
    static String volumePath(MesosClusterHandle cluster, AgentHandle agent, String agentId, String persistenceId) {
        try {
            String workDir = cluster.mesos()
                    .agentState(agentId)
                    .path("flags")
                    .path("work_dir")
                    .asText("");
            Optional<String> role = cluster.mesos().agent(agentId).flatMap(a -> roleOf(a, persistenceId));
            if (!workDir.isEmpty() && role.isPresent()) {
                return workDir + "/volumes/roles/" + role.get() + "/" + persistenceId;
            }
        } catch (RuntimeException e) {
            // fall through to the search below
        }
        String found = agent.exec(
                        "sh",
                        "-c",
                        "find / -maxdepth 8 -type d -path \"*/volumes/roles/*/$1\" 2>/dev/null" + " | head -n 1",
                        "sh",
                        persistenceId)
                .strip();
        if (found.isEmpty()) {
            throw new IllegalStateException("Cannot find persistent volume " + persistenceId + " on agent "
                    + agent.name() + " (no directory */volumes/roles/*/" + persistenceId + ")");
        }
        return found;
    }

    static Optional<String> roleOf(Agent agent, String persistenceId) {
        for (Map.Entry<String, List<Map<String, Object>>> e :
                agent.reservedResourcesFull().entrySet()) {
            for (Map<String, Object> resource : e.getValue()) {
                if (resource.get("disk") instanceof Map<?, ?> disk
                        && disk.get("persistence") instanceof Map<?, ?> p
                        && persistenceId.equals(String.valueOf(p.get("id")))) {
                    return Optional.of(e.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** What the task printed to its sandbox stdout, through the agent's files API. */
    static String stdout(MesosClusterHandle cluster, MarathonTask task) {
        MesosTask mesosTask = cluster.mesos().tasks().stream()
                .filter(t -> task.id().equals(t.id()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Mesos does not list task " + task.id()));
        String sandbox =
                cluster.mesos().sandboxPath(task.slaveId(), mesosTask.frameworkId(), mesosTask.effectiveExecutorId());
        return cluster.mesos().readFile(task.slaveId(), sandbox + "/stdout");
    }

    private static String abbreviate(String text) {
        return HttpSupport.abbreviate(text.strip().replace("\n", "\\n"), 300);
    }
}
