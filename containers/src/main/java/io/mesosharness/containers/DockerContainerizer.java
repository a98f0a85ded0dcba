package io.mesosharness.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * What an agent with the Docker containerizer needs beyond its flags (docs/DOCKER-APPS.md): containerizer names, the
 * image's {@code docker} CLI check, its executors' address, and the removal of what it leaves on the Docker host
 * (containers {@code mesos-*}, its work dir), always through the daemon, so it works for a non-root JVM and a remote host.
 */
public final class DockerContainerizer {

    /** The containerizers an agent may list, in Mesos' spelling. */
    public static final List<String> NAMES = List.of("mesos", "docker");

    private static final String COMPONENT = "io.mesosharness.component";

    private DockerContainerizer() {}

    /** Checks a containerizer list, normalised (lowercase, trimmed). */
    public static List<String> checkNames(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("expected at least one containerizer of " + NAMES + ", got none");
        }
        List<String> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown containerizer '" + raw + "' in " + names + " (known: "
                        + String.join(", ", NAMES) + ")");
            }
            if (out.contains(name)) {
                throw new IllegalArgumentException("containerizer '" + name + "' is listed twice in " + names);
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
            if (entry.isPresent()) {
                return entry;
            }
            Integer exit = runOnce(
                    image,
                    Map.of(COMPONENT, "docker-cli-check"),
                    null,
                    null,
                    "sh",
                    "-c",
                    "command -v docker && docker --version");
            return exit != null && exit == 0
                    ? Optional.empty()
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

    /** Runs {@code entrypoint} once in a new container of {@code image} (removed afterwards); its exit code. */
    static Integer runOnce(String image, Map<String, String> labels, String user, String bind, String... entrypoint) {
        DockerClient docker = docker();
        CreateContainerCmd create = docker.createContainerCmd(image)
                .withEntrypoint(entrypoint)
                .withCmd(List.of())
                .withLabels(labels)
                .withHostConfig(
                        HostConfig.newHostConfig().withBinds(bind == null ? List.of() : List.of(Bind.parse(bind))));
        String id = (user == null ? create : create.withUser(user)).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            return docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
        } finally {
            removeQuietly(id);
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
        Network network = docker().inspectNetworkCmd().withNetworkId(networkId).exec();
        List<Network.Ipam.Config> configs =
                network.getIpam() == null || network.getIpam().getConfig() == null
                        ? List.of()
                        : network.getIpam().getConfig();
        return configs.stream()
                .map(Network.Ipam.Config::getGateway)
                .filter(gateway -> gateway != null && !gateway.isBlank())
                .map(gateway -> gateway.replaceFirst("/.*$", ""))
                .findFirst()
                // Docker's choice when no gateway is given (inspect may omit it)
                .or(() -> configs.stream()
                        .flatMap(c -> firstHostAddress(c.getSubnet()).stream())
                        .findFirst())
                .orElseThrow(() -> new IllegalStateException("Docker network " + network.getName() + " has no gateway"
                        + " address: a Docker containerizer agent on it cannot reach its executors (they run in the"
                        + " Docker host's network)"));
    }

    /** {@code 10.1.4.0/22} → {@code 10.1.4.1}; empty for anything but an IPv4 subnet. */
    static Optional<String> firstHostAddress(String subnet) {
        if (subnet == null || !subnet.matches("\\d{1,3}(\\.\\d{1,3}){3}/([0-9]|[12]\\d|30)")) {
            return Optional.empty();
        }
        String[] parts = subnet.split("[./]");
        int ip = 0;
        for (int i = 0; i < 4; i++) {
            ip = ip << 8 | Integer.parseInt(parts[i]);
        }
        int prefix = Integer.parseInt(parts[4]);
        int first = (prefix == 0 ? 0 : ip & (-1 << (32 - prefix))) + 1;
        return Optional.of((first >>> 24) + "." + (first >> 16 & 255) + "." + (first >> 8 & 255) + "." + (first & 255));
    }

    /** Whether {@code path} is {@code dir} or below it, by path segments ({@code /x/a1} is not below {@code /x/a}). */
    public static boolean isAtOrBelow(String path, String dir) {
        if (path == null || dir == null || dir.isBlank()) {
            return false;
        }
        String d = dir.replaceAll("/+$", "");
        String p = path.replaceAll("/+$", "");
        return !d.isEmpty() && (p.equals(d) || p.startsWith(d + "/"));
    }

    /** Removes the task and executor containers ({@code mesos-*}) that mount {@code workDir} or below; how many. */
    public static int removeTaskContainers(String workDir) {
        if (workDir == null || workDir.isBlank()) {
            return 0;
        }
        int removed = 0;
        for (Container c : docker().listContainersCmd()
                .withShowAll(true)
                .withNameFilter(List.of("mesos-"))
                .exec()) {
            boolean named = c.getNames() != null
                    && Arrays.stream(c.getNames())
                            .anyMatch(n -> n.replaceFirst("^/", "").startsWith("mesos-"));
            boolean ours =
                    c.getMounts() != null && c.getMounts().stream().anyMatch(m -> isAtOrBelow(m.getSource(), workDir));
            if (named && ours && removeQuietly(c.getId())) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Removes a work dir the harness made ({@code <root>/<id>/agent-<name>} under
     * {@link MesosAgentContainer#DOCKER_WORK_DIR_ROOT}: the whole {@code <root>/<id>}) with {@code rm -rf} in a
     * container of {@code image} (the agent's: present, root inside); whether it did. Other work dirs are left alone.
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
            Integer exit = runOnce(
                    image,
                    Map.of(COMPONENT, "work-dir-cleanup"),
                    null,
                    root + ":/work-dirs",
                    "rm",
                    "-rf",
                    "/work-dirs/" + own);
            return exit != null && exit == 0;
        } catch (RuntimeException e) {
            return false; // the image is gone too: nothing to remove it with
        }
    }

    /** Removes the Docker container {@code mesos-<container id>} of one Mesos container; false if there is none. */
    public static boolean removeTaskContainer(String mesosContainerId) {
        return removeQuietly("mesos-" + mesosContainerId);
    }

    private static DockerClient docker() {
        return DockerClientFactory.lazyClient();
    }

    private static boolean removeQuietly(String id) {
        try {
            docker().removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
            return true;
        } catch (RuntimeException notFoundOrFailed) {
            return false;
        }
    }
}
