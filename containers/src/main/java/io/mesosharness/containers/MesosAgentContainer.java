package io.mesosharness.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.containers.BindMode;
import org.testcontainers.utility.DockerImageName;

/**
 * A Mesos agent. The harness sets the entrypoint ({@code mesos-agent}, see {@link Setting#MESOS_AGENT_COMMAND})
 * and passes every flag as a {@code --name=value} argument.
 *
 * <p>Defaults: the Mesos containerizer with {@code --launcher=posix} and
 * {@code --isolation=posix/cpu,posix/mem,filesystem/posix,volume/sandbox_path} (no privileged mode, no Docker socket;
 * task processes die with the agent container; {@code volume/sandbox_path} links a pod's volumes into its containers'
 * sandboxes, so that Marathon pods share them), {@code --no-systemd_enable_support}, {@code --no-switch_user},
 * {@code --port=5051}, explicit resources {@value MesosResources#AGENT_DEFAULT} (never auto-detected: inside a
 * container that sees the whole host), a generated hostname (container hostname, network alias,
 * {@code --hostname}, {@code --no-hostname_lookup}), work dir {@code /var/lib/mesos/agent-<hostname>}, and a tmpfs at
 * Mesos' runtime dir ({@code /var/run/mesos}), so that a restart of the container is the reboot it is (see
 * {@link #prepareRestart()}).
 * Give agents of one Docker host distinct port ranges in their resources if their tasks publish host ports.
 *
 * <p>Ready: with {@link #withMasterApiUrl(String)}, the master's {@code /master/slaves} lists an agent with this
 * hostname, {@code active: true} and the configured attributes; otherwise the agent's {@code /metrics/snapshot}
 * shows {@code slave/registered == 1}.
 */
public class MesosAgentContainer extends MesosComponentContainer<MesosAgentContainer> {

    /** Images must be {@code mesosphere/mesos-slave} or declared a compatible substitute for it. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("mesosphere/mesos-slave");

    public static final int PORT = 5051;
    public static final String DOCKER_SOCKET = "/var/run/docker.sock";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Host directory under which Docker-containerizer agents get their work dirs by default. */
    public static final String DOCKER_WORK_DIR_ROOT = "/tmp/mesos-harness-agents";
    /**
     * Label on a Docker-containerizer agent naming its work dir on the host: the task containers it starts
     * ({@code mesos-*}) mount sandboxes from there, which is how they are found and removed after the agent.
     */
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

    private final Flags flags = new Flags("mesos-agent", Flags.Style.MESOS, OWNED_FLAGS);
    private boolean workDirSet;
    private boolean dockerContainerizer;
    private boolean dockerMountsAdded;
    private final String hostDirId = java.util.UUID.randomUUID().toString().substring(0, 8);
    private MesosAttributes attributes = MesosAttributes.empty();
    private MesosResources resources = MesosResources.parse(MesosResources.AGENT_DEFAULT);
    private String masterApiUrl;

    public MesosAgentContainer(DockerImageName dockerImageName) {
        super(dockerImageName, DEFAULT_IMAGE_NAME, "mesos-agent", PORT, Setting.MESOS_AGENT_COMMAND);
        flags.set("hostname", hostname);
        flags.set("hostname_lookup", "false");
        flags.set("port", String.valueOf(PORT));
        flags.set("work_dir", defaultWorkDir());
        flags.set("resources", resources.render());
        flags.set("launcher", "posix");
        flags.set("isolation", "posix/cpu,posix/mem,filesystem/posix,volume/sandbox_path");
        flags.set("systemd_enable_support", "false");
        flags.set("switch_user", "false");
        super.withNetworkAliases(hostname);
        refresh();
        waitingFor(new PollingWaitStrategy("Mesos agent registration", DEFAULT_STARTUP_TIMEOUT, target -> {
            if (masterApiUrl != null) {
                HttpResponse<String> r = ContainerSupport.get(masterApiUrl + "/master/slaves");
                if (r.statusCode() != 200) {
                    return Optional.of(masterApiUrl + "/master/slaves answered " + r.statusCode()
                            + (r.statusCode() == 307 ? " (that master is not the leader; give the leader's URL)" : ""));
                }
                return registrationProblem(JSON.readTree(r.body()), hostname, attributes);
            }
            HttpResponse<String> r = ContainerSupport.get(getAgentUrl() + "/metrics/snapshot");
            if (r.statusCode() != 200) {
                return Optional.of("/metrics/snapshot answered " + r.statusCode());
            }
            return registeredProblem(JSON.readTree(r.body()));
        }));
    }

    /** The master: {@code zk://zk:2181/mesos} or {@code host:5050}. */
    public MesosAgentContainer withMaster(String master) {
        ContainerSupport.checkUrl(master, "master of the Mesos agent", true);
        flags.set("master", master);
        return refresh();
    }

    public MesosAgentContainer withAttributes(MesosAttributes attributes) {
        if (attributes == null) {
            throw new IllegalArgumentException(
                    "Bad attributes null for Mesos agent " + hostname + " (use MesosAttributes.empty())");
        }
        this.attributes = attributes;
        if (attributes.isEmpty()) {
            flags.remove("attributes");
        } else {
            flags.set("attributes", attributes.render());
        }
        return refresh();
    }

    /** Attributes in Mesos syntax, {@code rack:a;zone:eu-1}. */
    public MesosAgentContainer withAttributes(String attributes) {
        return withAttributes(MesosAttributes.parse(attributes));
    }

    /** Resources; they must include cpus and mem. */
    public MesosAgentContainer withResources(MesosResources resources) {
        if (resources == null) {
            throw new IllegalArgumentException("Bad resources null for Mesos agent " + hostname);
        }
        resources.requireCpusAndMem();
        this.resources = resources;
        flags.set("resources", resources.render());
        return refresh();
    }

    /** Resources in Mesos syntax, {@code cpus:2;mem:1024;disk:4096;ports:[31000-32000]}. */
    public MesosAgentContainer withResources(String resources) {
        return withResources(MesosResources.parse(resources));
    }

    /**
     * The name the master, Marathon and other agents use for this agent (and that {@code hostname} constraints
     * compare): container hostname, network alias, {@code --hostname}, {@code --no-hostname_lookup}.
     */
    public MesosAgentContainer withHostname(String hostname) {
        rename(hostname, "the Mesos agent");
        flags.set("hostname", hostname);
        if (!workDirSet) {
            flags.set("work_dir", defaultWorkDir());
        }
        return refresh();
    }

    /** The agent's work dir (sandboxes, checkpoints, agent id); an absolute path. */
    public MesosAgentContainer withWorkDir(String workDir) {
        if (workDir == null
                || !workDir.startsWith("/")
                || workDir.chars().anyMatch(Character::isWhitespace)
                || workDir.contains(":")) {
            throw new IllegalArgumentException("Bad work dir '" + workDir + "' for Mesos agent " + hostname
                    + ": expected an absolute path without spaces or ':'");
        }
        this.workDirSet = true;
        flags.set("work_dir", workDir);
        return refresh();
    }

    /**
     * Opt-in Docker containerizer, as {@code --containerizers=docker,mesos}: see {@link #withContainerizers(List)}.
     */
    public MesosAgentContainer withDockerContainerizer() {
        return withContainerizers(List.of("docker", "mesos"));
    }

    /**
     * The containerizers, in Mesos' order of preference ({@code docker}, {@code mesos}); {@code [mesos]} is the
     * default. With {@code docker}: the host's {@value #DOCKER_SOCKET} is mounted; the work dir is bind-mounted at
     * the same path on the host (unique per container, under {@value #DOCKER_WORK_DIR_ROOT}, since the Docker daemon
     * mounts sandboxes by host path); {@code --docker_mesos_image=<this image>} (Mesos then starts each docker
     * executor in a container of its own with {@code --net=host --pid=host}); the agent container in the host's pid
     * namespace too (it reaps its executors by their host pids); the executors advertise the Docker
     * host's address on this container's network ({@code --executor_environment_variables} with
     * {@code LIBPROCESS_ADVERTISE_IP}) so that the agent can reach them; with {@code mesos} too, the command executor
     * speaks HTTP ({@code --http_command_executor}: it never needs that address);
     * {@code --no-docker_kill_orphans} (one agent's recovery would remove other agents' task containers) and
     * {@code --docker_remove_delay=}{@value #DOCKER_REMOVE_DELAY}; the capability {@code NET_ADMIN}, with which
     * {@code forward-task-ports.sh}, started before the agent, forwards its task containers' host ports to the Docker
     * host in this container's network namespace (Marathon's own HTTP/TCP and readiness checks connect to the agent).
     * The image needs the Docker CLI (and {@code iptables} for that forward). Task containers
     * are siblings on the Docker host: {@link #stop()} removes them and the work dir. See docs/DOCKER-APPS.md.
     */
    public MesosAgentContainer withContainerizers(List<String> containerizers) {
        List<String> names =
                DockerContainerizer.checkNames(containerizers, "containerizers of Mesos agent " + hostname);
        dockerContainerizer = names.contains("docker");
        flags.set("containerizers", String.join(",", names));
        for (String docker : List.of("docker_kill_orphans", "docker_remove_delay", "http_command_executor")) {
            flags.remove(docker);
        }
        if (!workDirSet) {
            flags.set("work_dir", defaultWorkDir());
        }
        if (!dockerContainerizer) {
            return refresh();
        }
        flags.set("docker_kill_orphans", "false");
        flags.set("docker_remove_delay", DOCKER_REMOVE_DELAY);
        if (names.contains("mesos")) {
            flags.set("http_command_executor", "true");
        }
        return refresh();
    }

    /** The containerizers, e.g. {@code [docker, mesos]}. */
    public List<String> getContainerizers() {
        String value = flags.get("containerizers");
        return value == null ? List.of("mesos") : List.of(value.split(","));
    }

    /** Any other agent flag, as {@code --name=value} ({@code "false"} renders as {@code --no-name}). */
    public MesosAgentContainer withFlag(String name, String value) {
        flags.setUser(name, value);
        return refresh();
    }

    /**
     * The leading master's URL as reachable from the host (e.g. {@link MesosMasterContainer#getMasterUrl()}):
     * readiness then waits until that master lists this agent as active with its attributes.
     */
    public MesosAgentContainer withMasterApiUrl(String hostReachableMasterUrl) {
        ContainerSupport.checkUrl(hostReachableMasterUrl, "master API URL of the Mesos agent", false);
        if (!hostReachableMasterUrl.startsWith("http://") && !hostReachableMasterUrl.startsWith("https://")) {
            throw new IllegalArgumentException("Bad master API URL '" + hostReachableMasterUrl + "' for Mesos agent "
                    + hostname + ": expected http://host:port");
        }
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

    /** The flags as name to value, in order. */
    public Map<String, String> getFlags() {
        return flags.asMap();
    }

    @Override
    protected String describe() {
        return "Mesos agent " + hostname;
    }

    /**
     * Kills and removes the agent; with the Docker containerizer also the task and executor containers it started
     * and its work dir on the Docker host.
     */
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
        if (!flags.has("master")) {
            throw new IllegalArgumentException("Mesos agent " + hostname + " has no master: call withMaster("
                    + "\"zk://zk:2181/mesos\") or withMaster(\"master:5050\")");
        }
        // Mesos keeps running containers' pids in its runtime dir "across crashes (but not across reboots)": a tmpfs,
        // emptied when the container stops, makes a restart of this container the reboot it is (see prepareRestart)
        withTmpFs(Map.of(flags.has("runtime_dir") ? flags.get("runtime_dir") : DEFAULT_RUNTIME_DIR, "rw"));
        if (dockerContainerizer && !dockerMountsAdded) {
            dockerMountsAdded = true;
            // executors then run in containers of their own (the agent's image, --net=host --pid=host)
            flags.set("docker_mesos_image", getDockerImageName());
            String gateway = DockerContainerizer.hostAddressOn(
                    getNetwork() != null ? getNetwork().getId() : "bridge");
            if (!flags.has("executor_environment_variables")) {
                flags.set("executor_environment_variables", "{\"LIBPROCESS_ADVERTISE_IP\":\"" + gateway + "\"}");
            }
            withLabel(DOCKER_WORK_DIR_LABEL, getWorkDir());
            // The agent reaps each executor container by the pid `docker inspect` gives, a pid of the host's
            // namespace (docker.cpp reapExecutor -> process::reap -> kill(pid, 0)): in a pid namespace of its own it
            // finds none and declares the executor gone at once. The Docker socket it holds already gives it the host.
            // NET_ADMIN: the task ports' forwarding (forward-task-ports.sh), in this container's network namespace.
            withCopyToContainer(
                    org.testcontainers.images.builder.Transferable.of(
                            ContainerSupport.resource("forward-task-ports.sh")),
                    FORWARD_SCRIPT);
            withCreateContainerCmdModifier(cmd -> {
                cmd.getHostConfig()
                        .withPidMode("host")
                        .withCapAdd(com.github.dockerjava.api.model.Capability.NET_ADMIN);
                List<String> agent = List.of(cmd.getEntrypoint());
                List<String> entrypoint = new java.util.ArrayList<>(List.of(
                        "sh",
                        "-c",
                        "sh " + FORWARD_SCRIPT + " '" + gateway + "' '" + getWorkDir() + "' & exec \"$@\"",
                        agent.get(0)));
                entrypoint.addAll(agent);
                cmd.withEntrypoint(entrypoint);
            });
            // the socket's path on the Docker host (differs from /var/run/docker.sock e.g. with rootless Docker)
            withFileSystemBind(
                    org.testcontainers.DockerClientFactory.instance().getRemoteDockerUnixSocketPath(),
                    DOCKER_SOCKET,
                    BindMode.READ_WRITE);
            withFileSystemBind(getWorkDir(), getWorkDir(), BindMode.READ_WRITE);
        }
        refresh();
        super.configure();
    }

    /**
     * Before Docker starts this stopped container again: writes a new boot id into the agent's work dir
     * ({@code meta/boot_id}), so that Mesos recovers as after a reboot of its host, which is what a container start
     * is (every process of the previous run died with it). The agent keeps its id (Mesos 1.4 and later) and marks
     * its executors gone. Its runtime dir, which a reboot clears too, is a tmpfs that Docker empties when the
     * container stops (see {@link #configure()}). Without both, Mesos trusts the executor pids it checkpointed; in the
     * new pid namespace those pids may be processes or threads of the new agent, whose ends it then waits for forever,
     * and the tasks stay {@code TASK_RUNNING} (seen on Mesos 1.12: "Asked to destroy container" and nothing after).
     */
    public void prepareRestart() {
        copyFileToContainer(
                org.testcontainers.images.builder.Transferable.of(
                        "mesos-harness-restart-" + java.util.UUID.randomUUID() + "\n"),
                getWorkDir() + "/meta/boot_id");
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

    /**
     * With the Docker containerizer under {@value #DOCKER_WORK_DIR_ROOT}/{@code <id of this container>}: bind-mounted
     * at the same path on the host, so agents of several clusters with the same hostname never share sandboxes.
     */
    private String defaultWorkDir() {
        if (dockerContainerizer) {
            return DOCKER_WORK_DIR_ROOT + "/" + hostDirId + "/agent-" + hostname;
        }
        return "/var/lib/mesos/agent-" + hostname;
    }

    private MesosAgentContainer refresh() {
        setCommand(flags.render().toArray(String[]::new));
        return self();
    }
}
