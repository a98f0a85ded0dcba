package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.MesosAgentContainer;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.mesos.MesosTask;
import io.mesosharness.topology.AgentSpec;
import io.mesosharness.topology.MasterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * An agent container with its faults through the Docker API: each returns once the master has observed it
 * (unreachable, or registered and active again with its attributes).
 */
final class LocalAgent implements AgentHandle {
    /** $1 task id, $2 executor id; prints each pid it killed. Needs only sh, tr and grep (every Mesos image has them). */
    private static final String KILL_SCRIPT = "for p in /proc/[0-9]*; do"
            + " [ -r \"$p/environ\" ] || continue;"
            + " if tr '\\000' '\\n' < \"$p/environ\" 2>/dev/null"
            + " | grep -qxF -e \"MESOS_TASK_ID=$1\" -e \"MESOS_EXECUTOR_ID=$2\"; then"
            + " kill -9 \"${p#/proc/}\" 2>/dev/null && echo \"${p#/proc/}\";"
            + " fi; done";

    /** Kills the processes whose environment names the task or its executor; returns their pids. */
    static List<String> killProcesses(GenericContainer<?> agent, String taskId, String executorId) {
        try {
            return agent.execInContainer("sh", "-c", KILL_SCRIPT, "sh", taskId, executorId)
                    .getStdout()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not look for its processes in the agent: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for its processes in the agent", e);
        }
    }

    /** Attribute values as Mesos reports them: numbers lose a trailing ".0" (3 vs 3.0). */
    static boolean sameAttributeValue(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        try {
            return Double.parseDouble(expected) == Double.parseDouble(actual);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private final AgentSpec spec;
    final MesosAgentContainer container;
    /** Its host number on the cluster network. */
    private final int host;
    /** False between a fault that takes the agent away and the call that brings it back. */
    volatile boolean expectedUp = true;
    /** The agent id the master last listed for this agent (an unreachable agent is not listed). */
    private volatile String lastAgentId;

    private final MesosClient mesos;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final ClusterNetwork network;
    private final MasterSettings masterSettings;

    LocalAgent(
            AgentSpec spec,
            MesosAgentContainer container,
            int host,
            MesosClient mesos,
            ClusterNetwork network,
            MasterSettings masterSettings) {
        this.spec = spec;
        this.container = container;
        this.host = host;
        this.mesos = mesos;
        this.network = network;
        this.masterSettings = masterSettings;
    }

    @Override
    public String name() {
        return spec.hostname();
    }

    @Override
    public Map<String, String> attributes() {
        return spec.attributes().asMap();
    }

    @Override
    public Optional<String> agentId() {
        Optional<String> id = listed(mesos).stream()
                .filter(a -> a.hostname().equals(name()))
                .map(Agent::id)
                .findFirst();
        id.ifPresent(known -> lastAgentId = known);
        return id;
    }

    /** Whether the test took this agent away, known to Mesos as {@code agentId}: its tasks cannot end now. */
    boolean isHeldDown(String agentId) {
        return !expectedUp && agentId != null && agentId.equals(lastAgentId);
    }

    /** What keeps this agent from counting as registered in {@code seen}: missing, inactive or other attributes. */
    Optional<String> registrationProblem(List<Agent> seen) {
        Optional<Agent> agent =
                seen.stream().filter(a -> a.hostname().equals(name())).findFirst();
        if (agent.isEmpty()) {
            return Optional.of(name() + " not registered");
        }
        if (!agent.get().active()) {
            return Optional.of(name() + " registered but inactive");
        }
        for (Map.Entry<String, String> expected : attributes().entrySet()) {
            String actual = agent.get().attribute(expected.getKey()).orElse(null);
            if (actual == null || !sameAttributeValue(expected.getValue(), actual)) {
                return Optional.of(name() + " has attribute " + expected.getKey() + "=" + actual + ", expected "
                        + expected.getValue());
            }
        }
        return Optional.empty();
    }

    /** Takes the agent away with {@code fault}; returns when the master marks it unreachable. */
    private void takeAway(String fault, Runnable dockerCall) {
        agentId(); // remembered: the master stops listing it once unreachable
        dockerCall.run();
        expectedUp = false;
        // Inactive comes at once (~0.2 s), unreachable only after the ping timeouts (~4 s with the harness's
        // fast settings): an unreachable agent is no longer listed in /master/slaves, and only then does Marathon
        // get TASK_UNREACHABLE and replace its tasks.
        MasterSettings ms = masterSettings;
        Poll.observed(() -> Poll.until(
                ms.agentPingTimeout()
                        .multipliedBy(ms.maxAgentPingTimeouts() + 1L)
                        .plusSeconds(30),
                "the master to mark agent " + name() + " unreachable after " + fault,
                mesos::agents,
                seen -> seen.stream().noneMatch(a -> a.hostname().equals(name())),
                seen -> seen.stream()
                        .filter(a -> a.hostname().equals(name()))
                        .map(a -> name() + " still listed, active=" + a.active())
                        .findFirst()
                        .orElse(name() + " not listed")));
    }

    /** Brings the agent back; returns once it has been registered and active for {@code stable}. */
    private void bringBack(String fault, Duration stable, Runnable dockerCall) {
        dockerCall.run();
        expectedUp = true;
        Poll.observed(() -> Poll.stableFor(
                Duration.ofSeconds(stable.isZero() ? 60 : 120),
                stable,
                "agent " + name() + " to be registered and active again after " + fault,
                mesos::agents,
                seen -> registrationProblem(seen).isEmpty(),
                seen -> registrationProblem(seen).orElse("ok")));
    }

    @Override
    public void stop() {
        takeAway("stop()", () -> {
            docker.killContainerCmd(container.getContainerId()).exec();
            if (container.usesDockerContainerizer()) { // its tasks die with it, as with the Mesos containerizer
                DockerContainerizer.removeTaskContainers(container.getWorkDir());
            }
        });
    }

    @Override
    public void start() {
        bringBack("start()", Duration.ZERO, () -> {
            container.prepareRestart(); // a host that boots again: Mesos ends the tasks that died with it
            docker.startContainerCmd(container.getContainerId()).exec();
            container.followLogsAgain();
        });
    }

    @Override
    public void pause() {
        takeAway(
                "pause()",
                () -> docker.pauseContainerCmd(container.getContainerId()).exec());
    }

    @Override
    public void unpause() {
        bringBack(
                "unpause()",
                Duration.ZERO,
                () -> docker.unpauseContainerCmd(container.getContainerId()).exec());
    }

    @Override
    public void disconnect() {
        takeAway(
                "disconnect()",
                () -> docker.disconnectFromNetworkCmd()
                        .withNetworkId(network.getId())
                        .withContainerId(container.getContainerId())
                        .withForce(true)
                        .exec());
    }

    @Override
    public void reconnect() {
        // After a network cut the agent flaps between unreachable and active for ~30 s (active stretches of
        // ~3 s): it counts as back once it has stayed active for 10 s.
        bringBack(
                "reconnect()",
                Duration.ofSeconds(10),
                () -> docker.connectToNetworkCmd()
                        .withNetworkId(network.getId())
                        .withContainerId(container.getContainerId())
                        // back at its old address: the agent's libprocess is bound to it
                        .withContainerNetwork(network.endpoint(name(), host))
                        .exec());
    }

    @Override
    public String exec(String... command) {
        try {
            var result = container.execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("Command " + List.of(command) + " in agent " + name()
                        + " exited with " + result.getExitCode() + ": "
                        + result.getStderr().strip());
            }
            return result.getStdout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + List.of(command) + " in " + name(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends a task that its framework no longer ends; returns what was done, e.g. "web.instance-… on a1: killed
     * pids [41, 43]". With the Mesos containerizer (posix launcher) a task and its executor are processes in the
     * agent's container, killed by the {@code MESOS_TASK_ID} / {@code MESOS_EXECUTOR_ID} in their environment.
     * With the Docker containerizer the task is also a container of its own, {@code mesos-<container id>}: it is
     * removed. The agent then reports the task as ended, as for any task whose process died.
     */
    String endTask(MesosTask task) {
        StringBuilder done =
                new StringBuilder(task.id()).append(" on ").append(name()).append(": ");
        try {
            List<String> pids = killProcesses(container, task.id(), task.effectiveExecutorId());
            done.append(pids.isEmpty() ? "no process of it in the agent" : "killed pids " + pids);
        } catch (IllegalStateException e) {
            done.append(e.getMessage());
        }
        String containerId = task.containerId();
        if (containerId != null && DockerContainerizer.removeTaskContainer(containerId)) {
            done.append(", removed container mesos-").append(containerId);
        }
        return done.toString();
    }

    @Override
    public String toString() {
        return name() + " " + spec.attributes().render();
    }

    /** The agents the master lists; none when it cannot be asked. */
    static List<Agent> listed(MesosClient mesos) {
        try {
            return mesos.agents();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
