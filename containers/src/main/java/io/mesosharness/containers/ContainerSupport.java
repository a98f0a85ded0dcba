package io.mesosharness.containers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Helpers shared by the containers: published ports, hostnames, HTTP probes. */
final class ContainerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSupport.class);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** How often a start is tried again with other host ports when Docker finds a port taken. */
    static final int PORT_ATTEMPTS = 5;

    private ContainerSupport() {}

    /**
     * The address under which the test JVM reaches published ports: Testcontainers' Docker host ({@code getHost()}),
     * i.e. {@code TESTCONTAINERS_HOST_OVERRIDE}, else the host of {@code DOCKER_HOST=tcp://host:port}, else localhost
     * (or the bridge gateway when this JVM runs in a container).
     */
    static String dockerHost() {
        return DockerClientFactory.instance().dockerHostIpAddress();
    }

    /**
     * The host interface published ports are bound to: {@code 127.0.0.1} when the tests reach the engine on a
     * loopback address (the engine is local and nothing else can reach the cluster); all interfaces ({@code 0.0.0.0})
     * otherwise, since a remote engine's or another container's loopback is not the tests' loopback.
     */
    static String bindAddress(String dockerHost) {
        return isLoopback(dockerHost) ? "127.0.0.1" : "0.0.0.0";
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replaceAll("^\\[|]$", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code host} as the host part of a URL or connect string (IPv6 literals in brackets). */
    static String urlHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * Publishes every exposed port on {@code bindAddress}, each on a host port picked now by {@code hostPorts}. The
     * port is chosen here rather than by Docker so that it stays the same when Docker restarts the container (Docker
     * picks a new random port on every restart of a container published with {@code -p 127.0.0.1::port}). Another
     * process may take the port before Docker binds it: the start then fails with {@link #isPortConflict} and is tried
     * again with new ports (see {@code ComponentContainer}).
     */
    static void publishPorts(CreateContainerCmd cmd, String bindAddress, IntSupplier hostPorts) {
        ExposedPort[] exposed = cmd.getExposedPorts();
        HostConfig hostConfig = cmd.getHostConfig();
        if (exposed == null || hostConfig == null) {
            return;
        }
        List<PortBinding> bindings = new ArrayList<>();
        for (ExposedPort port : exposed) {
            bindings.add(new PortBinding(Ports.Binding.bindIpAndPort(bindAddress, hostPorts.getAsInt()), port));
        }
        hostConfig.withPortBindings(bindings);
    }

    /**
     * A port free on this machine's {@code bindAddress} right now. For a local engine that is a port Docker can bind
     * (unless someone takes it first); for a remote one it is a random candidate that the retry corrects if taken.
     */
    static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + bindAddress, e);
        }
    }

    /**
     * Whether a start failed because a host port was taken between choosing and binding it: Docker answers "port is
     * already allocated" (another container has it) or "address already in use" (another process).
     */
    static boolean isPortConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("port is already allocated") || message.contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    static void logPortRetry(String what, int attempt, Throwable failure) {
        LOG.warn(
                "{}: a published host port was taken before Docker could bind it (attempt {} of {}), trying again "
                        + "with other ports: {}",
                what,
                attempt,
                PORT_ATTEMPTS,
                abbreviate(rootMessage(failure), 300));
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /** Replaces one network alias by another (the alias list of a container is a copy). */
    static void replaceAlias(org.testcontainers.containers.GenericContainer<?> container, String old, String next) {
        List<String> aliases = new ArrayList<>(container.getNetworkAliases());
        aliases.remove(old);
        if (!aliases.contains(next)) {
            aliases.add(next);
        }
        container.setNetworkAliases(aliases);
    }

    static String generatedHostname(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    static Duration checkDuration(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Bad " + what + " '" + d + "': must be positive");
        }
        return d;
    }

    /** A duration in Mesos syntax: whole seconds as {@code 1secs}, otherwise milliseconds {@code 500ms}. */
    static String mesosDuration(Duration d) {
        if (d.toNanos() % 1_000_000_000L == 0) {
            return d.getSeconds() + "secs";
        }
        if (d.toNanos() % 1_000_000L == 0) {
            return d.toMillis() + "ms";
        }
        return d.toNanos() + "ns";
    }

    static void checkUrl(String url, String what, boolean zkAllowed) {
        if (url == null || url.isBlank() || url.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Bad " + what + " '" + url + "': expected "
                    + (zkAllowed ? "zk://host:2181/path or host:port" : "a URL") + " without spaces");
        }
        if (url.startsWith("zk://")) {
            if (!zkAllowed) {
                throw new IllegalArgumentException(
                        "Bad " + what + " '" + url + "': a ZooKeeper URL is not allowed here");
            }
            String rest = url.substring(5);
            int slash = rest.indexOf('/');
            if (slash <= 0 || slash == rest.length() - 1) {
                throw new IllegalArgumentException("Bad " + what + " '" + url
                        + "': expected zk://host:port[,host:port]/path with a non-empty path");
            }
        }
    }

    static void checkZkUrl(String url, String what) {
        if (url == null || !url.startsWith("zk://")) {
            throw new IllegalArgumentException("Bad " + what + " '" + url + "': expected zk://host:2181/path");
        }
        checkUrl(url, what, true);
    }

    /** Status and body of a GET, with short timeouts and no redirects followed. */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * While a start is failing, Testcontainers removes the container; this records first whether its process had
     * exited, with the exit code and last output. Null when it was still running or cannot be inspected.
     */
    static String exitReport(org.testcontainers.containers.GenericContainer<?> container) {
        String id = container.getContainerId();
        if (id == null) {
            return null;
        }
        try {
            com.github.dockerjava.api.command.InspectContainerResponse.ContainerState state =
                    container.getDockerClient().inspectContainerCmd(id).exec().getState();
            if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
                return null;
            }
            return "the container exited (exit code " + state.getExitCodeLong() + ") before it was ready"
                    + lastLines(container.getLogs(), 25);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A failure naming the exit (see {@link #exitReport}) unless the wait already said so. */
    static RuntimeException explainStartFailure(String what, String exitReport, RuntimeException failure) {
        // Whichever check saw the exit first (the readiness wait or the stop after a failed start), the message
        // names the component and then says how the process ended.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            int exited = message.indexOf("the container exited");
            if (exited >= 0) {
                return new org.testcontainers.containers.ContainerLaunchException(
                        what + ": " + message.substring(exited), failure);
            }
        }
        if (exitReport == null) {
            return failure;
        }
        return new org.testcontainers.containers.ContainerLaunchException(what + ": " + exitReport, failure);
    }

    static String lastLines(String logs, int count) {
        List<String> lines = List.of(String.valueOf(logs).split("\\r?\\n"));
        List<String> tail = lines.subList(Math.max(0, lines.size() - count), lines.size());
        return tail.isEmpty() || (tail.size() == 1 && tail.get(0).isBlank())
                ? ". The container wrote no output."
                : ". Last output of the container:\n  " + String.join("\n  ", tail);
    }

    static String abbreviate(String s, int max) {
        String flat = String.valueOf(s).replaceAll("\\s+", " ").trim();
        return flat.length() > max ? flat.substring(0, max) + "…" : flat;
    }

    /** A command line: one string is split on spaces, several are taken as they are; empty is an error. */
    static List<String> command(String... command) {
        List<String> parts = command == null
                ? List.of()
                : command.length == 1
                        ? java.util.Arrays.stream(
                                        command[0] == null
                                                ? new String[0]
                                                : command[0].trim().split("\\s+"))
                                .filter(s -> !s.isEmpty())
                                .toList()
                        : List.of(command);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Bad executable '"
                    + (command == null ? null : String.join(" ", java.util.Arrays.asList(command))) + "': empty");
        }
        return parts;
    }

    /** Adds a volume or bind mount to a create command, keeping the ones it has. */
    static void addBind(CreateContainerCmd cmd, com.github.dockerjava.api.model.Bind bind) {
        HostConfig host = cmd.getHostConfig();
        List<com.github.dockerjava.api.model.Bind> binds = new ArrayList<>();
        if (host.getBinds() != null) {
            binds.addAll(List.of(host.getBinds()));
        }
        binds.add(bind);
        host.withBinds(binds);
    }

    /** A text resource next to this class, e.g. the Marathon launcher script. */
    static String resource(String name) {
        try (var in = ContainerSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the mesos-harness-containers jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
