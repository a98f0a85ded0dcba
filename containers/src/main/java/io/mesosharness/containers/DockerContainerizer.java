package io.mesosharness.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * What an agent with the Docker containerizer needs beyond its flags: the containerizer names it accepts, the check
 * that its image has a {@code docker} CLI, the address its executors advertise, and the removal of what it leaves on
 * the Docker host (task and executor containers {@code mesos-*}, its work dir). See docs/DOCKER-APPS.md.
 *
 * <p>Every removal goes through the Docker daemon (a short-lived container removes the work dir), so it works when
 * the JVM is not root and when the Docker host is remote.
 */
public final class DockerContainerizer {

    /** The containerizers an agent may list, in Mesos' spelling. */
    public static final List<String> NAMES = List.of("mesos", "docker");

    private DockerContainerizer() {}

    /**
     * Checks a containerizer list ({@code docker,mesos}); returns it normalised (lowercase, trimmed, in order).
     *
     * @param where names the list for the message, e.g. {@code containerizers of Mesos agent a1}; empty for none
     */
    public static List<String> checkNames(List<String> names, String where) {
        String at = where.isEmpty() ? "" : where + ": ";
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException(at + "expected at least one containerizer of " + NAMES + ", got none");
        }
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException(at + "unknown containerizer '" + raw + "' in " + names + " (known: "
                        + String.join(", ", NAMES) + ")");
            }
            if (out.contains(name)) {
                throw new IllegalArgumentException(at + "containerizer '" + name + "' is listed twice in " + names);
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /**
     * Empty when a container of {@code image} finds {@code docker} on its PATH and the image's ENTRYPOINT is not the
     * agent ({@link #entrypointProblem}); otherwise what is missing, naming the image.
     */
    public static Optional<String> dockerCliProblem(String image) {
        try {
            String[] entrypoint =
                    docker().inspectImageCmd(image).exec().getConfig().getEntrypoint();
            Optional<String> entry = entrypointProblem(image, entrypoint == null ? List.of() : List.of(entrypoint));
            Integer exit = entry.isPresent()
                    ? null
                    : runOnce(image, "docker-cli-check", null, "sh", "-c", "command -v docker && docker --version");
            return entry.isPresent() || exit != null && exit == 0
                    ? entry
                    : Optional.of("agent image " + image + " has no docker CLI: `command -v docker` in a container of"
                            + " that image exited with " + exit + ". The Docker containerizer runs `docker` inside the"
                            + " agent (and its executors): use an agent image with the Docker CLI installed"
                            + " (docs/IMAGES.md)");
        } catch (RuntimeException e) {
            return Optional.of("could not check agent image " + image + " for a docker CLI (a container running `sh"
                    + " -c 'command -v docker'` failed: " + e.getMessage() + "); the Docker containerizer needs `sh`"
                    + " and `docker` in that image (docs/IMAGES.md)");
        }
    }

    /** Runs {@code entrypoint} once in a new container of {@code image}, removed afterwards; its exit code. */
    private static Integer runOnce(String image, String component, String bind, String... entrypoint) {
        DockerClient docker = docker();
        String id = docker.createContainerCmd(image)
                .withEntrypoint(entrypoint)
                .withCmd(List.of())
                .withLabels(Map.of("io.mesosharness.component", component))
                .withHostConfig(
                        HostConfig.newHostConfig().withBinds(bind == null ? List.of() : List.of(Bind.parse(bind))))
                .exec()
                .getId();
        try {
            docker.startContainerCmd(id).exec();
            return docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
        } finally {
            removeQuietly(docker, id);
        }
    }

    /**
     * Mesos starts the docker executor in a container of the agent image with the executor as the container's
     * arguments ({@code --docker_mesos_image}; {@code Docker::RunOptions::create} sets no entrypoint when the command is
     * not a shell command): an image whose ENTRYPOINT is the agent itself would start another agent instead.
     */
    static Optional<String> entrypointProblem(String image, List<String> entrypoint) {
        if (entrypoint.isEmpty()) {
            return Optional.empty();
        }
        String program = entrypoint.get(0).replaceFirst("^.*/", "");
        if (program.equals("mesos-agent") || program.equals("mesos-slave")) {
            return Optional.of("agent image " + image + " has ENTRYPOINT " + entrypoint + ": Mesos runs the docker"
                    + " executor in a container of that image with the executor as arguments (--docker_mesos_image),"
                    + " so the entrypoint must run its arguments; use an image without ENTRYPOINT, or one that execs"
                    + " \"$@\" (docs/DOCKER-APPS.md)");
        }
        return Optional.empty();
    }

    /**
     * The address of the Docker host on a network (its gateway): where an executor container, which Mesos starts
     * with {@code --net=host}, is reachable from the agent container on that network.
     */
    public static String hostAddressOn(String networkId) {
        DockerClient docker = docker();
        com.github.dockerjava.api.model.Network network =
                docker.inspectNetworkCmd().withNetworkId(networkId).exec();
        if (network.getIpam() != null && network.getIpam().getConfig() != null) {
            for (var config : network.getIpam().getConfig()) {
                if (config.getGateway() != null && !config.getGateway().isBlank()) {
                    return config.getGateway().replaceFirst("/.*$", "");
                }
            }
            for (var config : network.getIpam().getConfig()) {
                Optional<String> first = firstHostAddress(config.getSubnet());
                if (first.isPresent()) {
                    return first.get(); // Docker's choice when no gateway is given (inspect may omit it)
                }
            }
        }
        throw new IllegalStateException("Docker network " + network.getName() + " has no gateway address: a Docker"
                + " containerizer agent on it cannot reach its executors (they run in the Docker host's network)");
    }

    /** {@code 10.1.4.0/22} → {@code 10.1.4.1}; empty for anything but an IPv4 subnet. */
    static Optional<String> firstHostAddress(String subnet) {
        if (subnet == null || !subnet.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            return Optional.empty();
        }
        String[] parts = subnet.split("/");
        int prefix = Integer.parseInt(parts[1]);
        if (prefix > 30) {
            return Optional.empty();
        }
        long ip = 0;
        for (String octet : parts[0].split("\\.")) {
            ip = (ip << 8) | Integer.parseInt(octet);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long first = (ip & mask) + 1;
        return Optional.of(
                ((first >> 24) & 255) + "." + ((first >> 16) & 255) + "." + ((first >> 8) & 255) + "." + (first & 255));
    }

    /**
     * Whether {@code path} is {@code dir} or below it, compared by path segments ({@code /x/agent-a1} is not below
     * {@code /x/agent-a}).
     */
    public static boolean isAtOrBelow(String path, String dir) {
        if (path == null || dir == null || dir.isBlank()) {
            return false;
        }
        String d = dir.replaceAll("/+$", "");
        String p = path.replaceAll("/+$", "");
        return !d.isEmpty() && (p.equals(d) || p.startsWith(d + "/"));
    }

    /**
     * Removes the containers named {@code mesos-*} (tasks and executors of the Docker containerizer) that mount a
     * path at or below {@code workDir}; returns how many.
     */
    public static int removeTaskContainers(String workDir) {
        if (workDir == null || workDir.isBlank()) {
            return 0;
        }
        DockerClient docker = docker();
        int removed = 0;
        for (Container c : docker.listContainersCmd()
                .withShowAll(true)
                .withNameFilter(List.of("mesos-"))
                .exec()) {
            boolean named = c.getNames() != null
                    && Arrays.stream(c.getNames())
                            .anyMatch(n -> n.replaceFirst("^/", "").startsWith("mesos-"));
            boolean ours =
                    c.getMounts() != null && c.getMounts().stream().anyMatch(m -> isAtOrBelow(m.getSource(), workDir));
            if (named && ours && removeQuietly(docker, c.getId())) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Removes an agent's work dir on the Docker host, when the harness made it: {@code <root>/<id>/agent-<name>}
     * under {@link MesosAgentContainer#DOCKER_WORK_DIR_ROOT} (the whole {@code <root>/<id>}). Runs {@code rm -rf}
     * in a short-lived container of {@code image} (the agent's: present, and root inside). Returns whether it
     * removed something; a work dir elsewhere (given by the user) is left alone.
     */
    public static boolean removeWorkDir(String image, String workDir) {
        String root = MesosAgentContainer.DOCKER_WORK_DIR_ROOT;
        if (image == null
                || !isAtOrBelow(workDir, root)
                || workDir.replaceAll("/+$", "").equals(root)) {
            return false;
        }
        String own = workDir.substring(root.length() + 1).split("/")[0];
        if (own.isEmpty() || own.equals(".") || own.equals("..")) {
            return false;
        }
        try {
            Integer exit = runOnce(image, "work-dir-cleanup", root + ":/work-dirs", "rm", "-rf", "/work-dirs/" + own);
            return exit != null && exit == 0;
        } catch (RuntimeException e) {
            return false; // the image is gone too: nothing to remove it with
        }
    }

    /**
     * Removes the Docker containerizer's container of one Mesos container ({@code mesos-<container id>}); false if
     * there is none.
     */
    public static boolean removeTaskContainer(String mesosContainerId) {
        return removeQuietly(docker(), "mesos-" + mesosContainerId);
    }

    private static DockerClient docker() {
        return DockerClientFactory.lazyClient();
    }

    private static boolean removeQuietly(DockerClient docker, String id) {
        try {
            docker.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
            return true;
        } catch (RuntimeException notFoundOrFailed) {
            return false;
        }
    }
}
