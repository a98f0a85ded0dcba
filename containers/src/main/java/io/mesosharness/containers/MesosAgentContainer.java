package io.mesosharness.containers;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A Mesos agent ({@link Setting#MESOS_AGENT_COMMAND}). Defaults: the Mesos containerizer with the posix launcher and
 * isolation (no privileged mode; tasks die with the container; {@code volume/sandbox_path} for pod volumes), explicit
 * resources {@value MesosResources#AGENT_DEFAULT} (auto-detection would see the whole host), work dir
 * {@code /var/lib/mesos/agent-<hostname>}, and a tmpfs runtime dir so that a container restart is the reboot it is
 * ({@link #prepareRestart()}). Agents of one Docker host whose tasks publish host ports need distinct port ranges.
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
    /** Mesos' default {@code --runtime_dir} for root. */
    static final String DEFAULT_RUNTIME_DIR = "/var/run/mesos";
    /** The script that forwards a Docker-containerizer agent's task ports to the Docker host. */
    static final String FORWARD_SCRIPT = "/usr/local/share/mesos-harness/forward-task-ports.sh";
    /** How long the Docker containerizer keeps finished task containers (Mesos' default is 6 hours). */
    public static final String DOCKER_REMOVE_DELAY = "10secs";

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
        waitingFor(new PollingWaitStrategy("Mesos agent registration", DEFAULT_STARTUP_TIMEOUT, () -> {
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
        boolean docker = containerizers.contains("docker");
        flag("containerizers", String.join(",", containerizers));
        flag("work_dir", workDirSet ? getWorkDir() : defaultWorkDir());
        flag("docker_kill_orphans", docker ? "false" : null);
        flag("docker_remove_delay", docker ? DOCKER_REMOVE_DELAY : null);
        return flag("http_command_executor", docker && containerizers.contains("mesos") ? "true" : null);
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
        return getContainerizers().contains("docker");
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
        if (started && usesDockerContainerizer()) {
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
        if (usesDockerContainerizer() && !dockerMountsAdded) {
            dockerMountsAdded = true;
            // executors then run in containers of their own (the agent's image, --net=host --pid=host)
            flag("docker_mesos_image", getDockerImageName());
            String gateway = DockerContainerizer.hostAddressOn(
                    getNetwork() != null ? getNetwork().getId() : "bridge");
            if (!flags.containsKey("executor_environment_variables")) {
                flag("executor_environment_variables", "{\"LIBPROCESS_ADVERTISE_IP\":\"" + gateway + "\"}");
            }
            withLabel(DOCKER_WORK_DIR_LABEL, getWorkDir());
            // pid mode host: the agent reaps executor containers by the host pid `docker inspect` gives (docker.cpp
            // reapExecutor); in a pid namespace of its own it finds none. NET_ADMIN: for forward-task-ports.sh.
            withCopyToContainer(Transferable.of(resource("forward-task-ports.sh")), FORWARD_SCRIPT);
            withCreateContainerCmdModifier(cmd -> {
                cmd.getHostConfig().withPidMode("host").withCapAdd(Capability.NET_ADMIN);
                String forward = "sh " + FORWARD_SCRIPT + " '" + gateway + "' '" + getWorkDir() + "' & exec \"$@\"";
                List<String> entrypoint = new ArrayList<>(List.of("sh", "-c", forward, cmd.getEntrypoint()[0]));
                entrypoint.addAll(List.of(cmd.getEntrypoint()));
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
     * Before Docker starts this stopped container again: a new boot id makes Mesos (1.4+) recover as after a reboot,
     * keeping its id and marking its executors gone. Otherwise it trusts the checkpointed executor pids, which in the
     * new pid namespace may be its own threads, and the tasks stay {@code TASK_RUNNING} forever.
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
        return (usesDockerContainerizer() ? DOCKER_WORK_DIR_ROOT + "/" + hostDirId : "/var/lib/mesos") + "/agent-"
                + hostname;
    }
}
