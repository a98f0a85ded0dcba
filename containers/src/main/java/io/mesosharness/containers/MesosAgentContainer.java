package io.mesosharness.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Capability;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * A Mesos agent ({@link Setting#MESOS_AGENT_COMMAND}, every flag a {@code --name=value} argument). Defaults: the
 * Mesos containerizer with {@code --launcher=posix} and posix isolation (no privileged mode, no Docker socket; tasks
 * die with the agent container; {@code volume/sandbox_path} lets a Marathon pod's containers share its volumes),
 * {@code --no-systemd_enable_support}, {@code --no-switch_user}, {@code --port=5051}, explicit resources
 * {@value MesosResources#AGENT_DEFAULT} (auto-detection would see the whole host), a generated hostname, work dir
 * {@code /var/lib/mesos/agent-<hostname>}, and a tmpfs at Mesos' runtime dir so that a restart of the container is
 * the reboot it is ({@link #prepareRestart()}). Agents of one Docker host whose tasks publish host ports need
 * distinct port ranges.
 *
 * <p>Ready: with {@link #withMasterApiUrl(String)}, the master's {@code /master/slaves} lists this hostname as active
 * with the configured attributes; otherwise the agent's {@code /metrics/snapshot} shows {@code slave/registered}.
 */
public class MesosAgentContainer extends MesosComponentContainer<MesosAgentContainer> {

    /** Images must be {@code mesosphere/mesos-slave} or declared a compatible substitute for it. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("mesosphere/mesos-slave");

    public static final int PORT = 5051;
    public static final String DOCKER_SOCKET = "/var/run/docker.sock";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Host directory under which Docker-containerizer agents get their work dirs by default. */
    public static final String DOCKER_WORK_DIR_ROOT = "/tmp/mesos-harness-agents";
    /** Label naming a Docker-containerizer agent's work dir on the host, which its task containers mount. */
    public static final String DOCKER_WORK_DIR_LABEL = "io.mesosharness.docker-work-dir";
    /** Mesos' default {@code --runtime_dir} for an agent running as root. */
    static final String DEFAULT_RUNTIME_DIR = "/var/run/mesos";
    /** Where a Docker-containerizer agent keeps the script that forwards its tasks' host ports to the Docker host. */
    static final String FORWARD_SCRIPT = "/usr/local/share/mesos-harness/forward-task-ports.sh";
    /** How long the Docker containerizer keeps finished task containers (Mesos' default is 6 hours). */
    public static final String DOCKER_REMOVE_DELAY = "10secs";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The flags this container sets itself, name to the setter that owns it: {@link #withFlag} refuses them. */
    public static final Map<String, String> OWNED_FLAGS = Map.ofEntries(
            Map.entry("master", "withMaster(String)"),
            Map.entry("hostname", "withHostname(String)"),
            Map.entry("hostname_lookup", "withHostname(String)"),
            Map.entry("port", "the container (port 5051 is published)"),
            Map.entry("work_dir", "withWorkDir(String)"),
            Map.entry("resources", "withResources(MesosResources)"),
            Map.entry("attributes", "withAttributes(MesosAttributes)"),
            Map.entry("launcher", "the harness (posix launcher: no privileged mode needed)"),
            Map.entry("isolation", "the harness (posix isolation: no cgroup access needed)"),
            Map.entry("systemd_enable_support", "the harness (no systemd in a container)"),
            Map.entry("switch_user", "the harness (tasks run as the agent's user)"),
            Map.entry("containerizers", "withContainerizers(List)"),
            Map.entry("docker_kill_orphans", "withContainerizers(List)"),
            Map.entry("docker_remove_delay", "withContainerizers(List)"),
            Map.entry("docker_mesos_image", "withContainerizers(List)"),
            Map.entry("http_command_executor", "withContainerizers(List)"));

    private boolean workDirSet;
    private boolean dockerContainerizer;
    private boolean dockerMountsAdded;
    private final String hostDirId = UUID.randomUUID().toString().substring(0, 8);
    private MesosAttributes attributes = MesosAttributes.empty();
    private MesosResources resources = MesosResources.parse(MesosResources.AGENT_DEFAULT);
    private String masterApiUrl;

    public MesosAgentContainer(DockerImageName dockerImageName) {
        super(
                dockerImageName,
                DEFAULT_IMAGE_NAME,
                "mesos-agent",
                PORT,
                Setting.MESOS_AGENT_COMMAND,
                FlagStyle.MESOS,
                OWNED_FLAGS);
        flag("port", String.valueOf(PORT));
        flag("work_dir", defaultWorkDir());
        flag("resources", resources.render());
        flag("launcher", "posix");
        flag("isolation", "posix/cpu,posix/mem,filesystem/posix,volume/sandbox_path");
        flag("systemd_enable_support", "false");
        flag("switch_user", "false");
        waitingFor(new PollingWaitStrategy("Mesos agent registration", DEFAULT_STARTUP_TIMEOUT, target -> {
            if (masterApiUrl != null) {
                HttpResponse<String> r = get(masterApiUrl + "/master/slaves");
                if (r.statusCode() != 200) {
                    return Optional.of(masterApiUrl + "/master/slaves answered " + r.statusCode()
                            + (r.statusCode() == 307 ? " (that master is not the leader; give the leader's URL)" : ""));
                }
                return registrationProblem(JSON.readTree(r.body()), hostname, attributes);
            }
            HttpResponse<String> r = get(getAgentUrl() + "/metrics/snapshot");
            return r.statusCode() != 200
                    ? Optional.of("/metrics/snapshot answered " + r.statusCode())
                    : registeredProblem(JSON.readTree(r.body()));
        }));
    }

    /** The master: {@code zk://zk:2181/mesos} or {@code host:5050}. */
    public MesosAgentContainer withMaster(String master) {
        return flag("master", master);
    }

    public MesosAgentContainer withAttributes(MesosAttributes attributes) {
        this.attributes = attributes;
        return flag("attributes", attributes.isEmpty() ? null : attributes.render());
    }

    /** Attributes in Mesos syntax, {@code rack:a;zone:eu-1}. */
    public MesosAgentContainer withAttributes(String attributes) {
        return withAttributes(MesosAttributes.parse(attributes));
    }

    /** Resources; they must include cpus and mem ({@link MesosResources#requireCpusAndMem()}). */
    public MesosAgentContainer withResources(MesosResources resources) {
        this.resources = resources;
        return flag("resources", resources.render());
    }

    /** Resources in Mesos syntax, {@code cpus:2;mem:1024;disk:4096;ports:[31000-32000]}. */
    public MesosAgentContainer withResources(String resources) {
        return withResources(MesosResources.parse(resources));
    }

    /** Also the name {@code hostname} constraints compare, and part of the default work dir. */
    @Override
    public MesosAgentContainer withHostname(String hostname) {
        super.withHostname(hostname);
        return workDirSet ? self() : flag("work_dir", defaultWorkDir());
    }

    /** The agent's work dir (sandboxes, checkpoints, agent id); an absolute path. */
    public MesosAgentContainer withWorkDir(String workDir) {
        this.workDirSet = true;
        return flag("work_dir", workDir);
    }

    /** Opt-in Docker containerizer, as {@code --containerizers=docker,mesos}: see {@link #withContainerizers}. */
    public MesosAgentContainer withDockerContainerizer() {
        return withContainerizers(List.of("docker", "mesos"));
    }

    /**
     * The containerizers in Mesos' order of preference ({@code [mesos]} by default). With {@code docker}
     * (docs/DOCKER-APPS.md): the Docker socket and the work dir (unique, same path on the host) are mounted, executors
     * run in containers of this image and advertise the Docker host's address, the agent shares the host's pid
     * namespace, {@code --no-docker_kill_orphans}, {@code --docker_remove_delay}, {@code --http_command_executor} with
     * {@code mesos}, and {@code NET_ADMIN} for {@code forward-task-ports.sh}. {@link #stop()} removes what it left.
     */
    public MesosAgentContainer withContainerizers(List<String> containerizers) {
        dockerContainerizer = containerizers.contains("docker");
        flag("containerizers", String.join(",", containerizers));
        flag("work_dir", workDirSet ? getWorkDir() : defaultWorkDir());
        flag("docker_kill_orphans", dockerContainerizer ? "false" : null);
        flag("docker_remove_delay", dockerContainerizer ? DOCKER_REMOVE_DELAY : null);
        return flag("http_command_executor", dockerContainerizer && containerizers.contains("mesos") ? "true" : null);
    }

    /** The containerizers, e.g. {@code [docker, mesos]}. */
    public List<String> getContainerizers() {
        return List.of(flags.getOrDefault("containerizers", "mesos").split(","));
    }

    /** The leading master's URL as the test JVM reaches it: readiness then waits until it lists this agent. */
    public MesosAgentContainer withMasterApiUrl(String hostReachableMasterUrl) {
        this.masterApiUrl = hostReachableMasterUrl.replaceAll("/+$", "");
        return self();
    }

    /** For the test JVM: {@code http://<docker host>:<published 5051>} (see {@link #getHost()}). */
    public String getAgentUrl() {
        return hostUrl(PORT);
    }

    public MesosAttributes getAttributes() {
        return attributes;
    }

    public MesosResources getResources() {
        return resources;
    }

    public String getWorkDir() {
        return flags.get("work_dir");
    }

    public boolean usesDockerContainerizer() {
        return dockerContainerizer;
    }

    @Override
    protected String describe() {
        return "Mesos agent " + hostname;
    }

    /** Kills and removes the agent; with the Docker containerizer also its task containers and host work dir. */
    @Override
    public void stop() {
        boolean started = getContainerId() != null;
        super.stop();
        if (dockerContainerizer && started) {
            DockerContainerizer.removeTaskContainers(getWorkDir());
            DockerContainerizer.removeWorkDir(getDockerImageName(), getWorkDir());
        }
    }

    @Override
    protected void configure() {
        if (!flags.containsKey("master")) {
            throw new IllegalArgumentException("Mesos agent " + hostname + " has no master: call withMaster("
                    + "\"zk://zk:2181/mesos\") or withMaster(\"master:5050\")");
        }
        // Mesos keeps running containers' pids in its runtime dir "across crashes (but not across reboots)": a tmpfs,
        // emptied when the container stops, makes a restart of this container the reboot it is (see prepareRestart)
        withTmpFs(Map.of(flags.getOrDefault("runtime_dir", DEFAULT_RUNTIME_DIR), "rw"));
        if (dockerContainerizer && !dockerMountsAdded) {
            dockerMountsAdded = true;
            // executors then run in containers of their own (the agent's image, --net=host --pid=host)
            flag("docker_mesos_image", getDockerImageName());
            String gateway = DockerContainerizer.hostAddressOn(
                    getNetwork() != null ? getNetwork().getId() : "bridge");
            if (!flags.containsKey("executor_environment_variables")) {
                flag("executor_environment_variables", "{\"LIBPROCESS_ADVERTISE_IP\":\"" + gateway + "\"}");
            }
            withLabel(DOCKER_WORK_DIR_LABEL, getWorkDir());
            // The agent reaps each executor container by the pid `docker inspect` gives, a pid of the host's
            // namespace (docker.cpp reapExecutor -> process::reap -> kill(pid, 0)): in a pid namespace of its own it
            // finds none and declares the executor gone at once. The Docker socket it holds already gives it the host.
            // NET_ADMIN: the task ports' forwarding (forward-task-ports.sh), in this container's network namespace.
            withCopyToContainer(Transferable.of(resource("forward-task-ports.sh")), FORWARD_SCRIPT);
            withCreateContainerCmdModifier(cmd -> {
                cmd.getHostConfig().withPidMode("host").withCapAdd(Capability.NET_ADMIN);
                List<String> agent = List.of(cmd.getEntrypoint());
                List<String> entrypoint = new ArrayList<>(List.of(
                        "sh",
                        "-c",
                        "sh " + FORWARD_SCRIPT + " '" + gateway + "' '" + getWorkDir() + "' & exec \"$@\"",
                        agent.get(0)));
                entrypoint.addAll(agent);
                cmd.withEntrypoint(entrypoint);
            });
            // the socket's path on the Docker host (differs from /var/run/docker.sock e.g. with rootless Docker)
            withFileSystemBind(
                    DockerClientFactory.instance().getRemoteDockerUnixSocketPath(), DOCKER_SOCKET, BindMode.READ_WRITE);
            withFileSystemBind(getWorkDir(), getWorkDir(), BindMode.READ_WRITE);
        }
        super.configure();
    }

    /**
     * Before Docker starts this stopped container again: writes a new boot id into the agent's work dir, so that
     * Mesos (1.4+) recovers as after a reboot, which a container start is: it keeps its id and marks its executors
     * gone (the runtime dir is a tmpfs, emptied too). Otherwise it trusts the executor pids it checkpointed, which in
     * the new pid namespace may be its own threads, and the tasks stay {@code TASK_RUNNING} forever (Mesos 1.12:
     * "Asked to destroy container" and nothing after).
     */
    public void prepareRestart() {
        copyFileToContainer(
                Transferable.of("mesos-harness-restart-" + UUID.randomUUID() + "\n"), getWorkDir() + "/meta/boot_id");
    }

    /** Empty when {@code /master/slaves} lists {@code hostname} as active with {@code expected} attributes. */
    static Optional<String> registrationProblem(JsonNode slaves, String hostname, MesosAttributes expected) {
        JsonNode agent = null;
        for (JsonNode candidate : slaves.path("slaves")) {
            if (hostname.equals(candidate.path("hostname").asText())) {
                agent = candidate;
                break;
            }
        }
        if (agent == null) {
            return Optional.of("the master does not list agent " + hostname + " yet");
        }
        if (!agent.path("active").asBoolean(false)) {
            return Optional.of("the master lists agent " + hostname + " but not as active");
        }
        JsonNode reported = agent.path("attributes");
        for (Map.Entry<String, MesosValue> e : expected.values().entrySet()) {
            JsonNode value = reported.get(e.getKey());
            if (value == null) {
                return Optional.of("agent " + hostname + " is registered without attribute '" + e.getKey()
                        + "' (reported: " + reported + ")");
            }
            MesosValue actual =
                    value.isNumber() ? new MesosValue.Scalar(value.asDouble()) : MesosValue.parse(value.asText());
            if (!comparable(actual).equals(comparable(e.getValue()))) {
                return Optional.of("agent " + hostname + " has attribute " + e.getKey() + "=" + actual.render()
                        + ", expected " + e.getValue().render());
            }
        }
        return Optional.empty();
    }

    /** Empty when the agent's {@code /metrics/snapshot} shows {@code slave/registered == 1}. */
    static Optional<String> registeredProblem(JsonNode metrics) {
        JsonNode registered = metrics.get("slave/registered");
        if (registered == null) {
            return Optional.of("/metrics/snapshot has no slave/registered");
        }
        return registered.asDouble() == 1.0
                ? Optional.empty()
                : Optional.of("slave/registered is " + registered.asText() + ", not 1");
    }

    private static String comparable(MesosValue v) {
        return v instanceof MesosValue.Ranges r ? r.normalized().render() : v.render();
    }

    /** With the Docker containerizer unique per container, so agents of the same hostname never share sandboxes. */
    private String defaultWorkDir() {
        return (dockerContainerizer ? DOCKER_WORK_DIR_ROOT + "/" + hostDirId : "/var/lib/mesos") + "/agent-" + hostname;
    }
}
