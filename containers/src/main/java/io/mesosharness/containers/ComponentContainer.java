package io.mesosharness.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.ExposedPort;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * What the four component containers share: the image compatibility check, one published port (on a host port chosen
 * at creation, so it survives restarts; on 127.0.0.1 when the engine is reached on loopback; another try with another
 * port when it was taken meanwhile), the {@code [cluster/component]} log prefix, and a failed start that explains
 * itself (exit code and last output).
 *
 * @param <SELF> the concrete container, for fluent setters
 */
public abstract class ComponentContainer<SELF extends ComponentContainer<SELF>> extends GenericContainer<SELF> {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentContainer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** How often a start is tried again with other host ports when Docker finds a port taken. */
    static final int PORT_ATTEMPTS = 5;

    /** The component's logs, sent to SLF4J with a prefix naming the cluster and the component. */
    protected final ComponentLogConsumer logs;
    /** The component's name on the network (hostname and alias); for ZooKeeper only its log name. */
    protected String hostname;

    private volatile boolean starting;
    private boolean testcontainersCleanup = true;
    private volatile String exitReport;
    private volatile IntSupplier hostPorts;

    protected ComponentContainer(
            DockerImageName image, DockerImageName compatibleWith, String kind, String hostname, int port) {
        super(image);
        image.assertCompatibleWith(compatibleWith);
        this.hostname = hostname;
        this.logs = new ComponentLogConsumer(kind, hostname);
        addExposedPort(port);
        // The host port is chosen here rather than by Docker so that it stays the same when Docker restarts the
        // container (Docker picks a new random port on every restart of one published with -p 127.0.0.1::port).
        // Another process may take it before Docker binds it: doStart then tries again with new ports.
        withCreateContainerCmdModifier(cmd -> {
            String bindAddress = bindAddress(DockerClientFactory.instance().dockerHostIpAddress());
            IntSupplier chooser = hostPorts != null ? hostPorts : () -> freePort(bindAddress);
            List<PortBinding> bindings = new ArrayList<>();
            for (ExposedPort exposed : cmd.getExposedPorts()) {
                bindings.add(new PortBinding(Ports.Binding.bindIpAndPort(bindAddress, chooser.getAsInt()), exposed));
            }
            cmd.getHostConfig().withPortBindings(bindings);
        });
        withLogConsumer(logs);
        // Started once its process ran, even if it exited already: the readiness wait then fails at once with the
        // exit code and the last output, instead of Testcontainers' "is running" check failing after 5 s.
        withStartupCheckStrategy(new StartupCheckStrategy() {
            @Override
            public StartupStatus checkStartupState(DockerClient docker, String containerId) {
                ContainerState state = getCurrentState(docker, containerId);
                return Boolean.TRUE.equals(state.getRunning())
                                || Boolean.TRUE.equals(state.getRestarting())
                                || state.getStartedAt() != null
                                        && !state.getStartedAt().startsWith("0001-")
                        ? StartupStatus.SUCCESSFUL
                        : StartupStatus.NOT_YET_KNOWN;
            }
        });
    }

    /** How start failures name this container, e.g. "Mesos agent a1". */
    protected abstract String describe();

    /** Names the cluster in the log prefix ({@code [cluster/component]}). */
    public SELF withClusterName(String clusterName) {
        logs.withClusterName(clusterName);
        return self();
    }

    /**
     * Leaves this container's removal to the caller (e.g. a retained cluster's, which outlives the JVM): without
     * Testcontainers' session label neither its shutdown hook nor Ryuk removes it.
     */
    public SELF withTestcontainersCleanupDisabled() {
        if (testcontainersCleanup) {
            testcontainersCleanup = false;
            withCreateContainerCmdModifier(cmd -> cmd.withLabels(new WithoutSessionLabel(cmd.getLabels())));
        }
        return self();
    }

    /**
     * Follows the container's output again from Docker's last start of it: Docker ends a log stream when its
     * container stops, so after a restart the {@code [cluster/component]} lines would otherwise stop.
     */
    public void followLogsAgain() {
        if (getContainerId() == null) {
            return;
        }
        FrameConsumerResultCallback callback = new FrameConsumerResultCallback();
        callback.addConsumer(OutputType.STDOUT, logs);
        callback.addConsumer(OutputType.STDERR, logs);
        Instant since = Instant.now();
        try {
            since = Instant.parse(getDockerClient()
                    .inspectContainerCmd(getContainerId())
                    .exec()
                    .getState()
                    .getStartedAt());
        } catch (RuntimeException e) {
            // not known: from now on
        }
        getDockerClient()
                .logContainerCmd(getContainerId())
                .withFollowStream(true)
                .withStdOut(true)
                .withStdErr(true)
                .withSince((int) since.getEpochSecond())
                .exec(callback);
    }

    /** {@code http://<docker host>:<published port>}: the URL of a container port for the test JVM. */
    protected String hostUrl(int port) {
        return "http://" + hostAndPort(port);
    }

    /** {@code <docker host>:<published port>} ({@link #getHost()}: where the test JVM reaches published ports). */
    protected String hostAndPort(int port) {
        return urlHost(getHost()) + ":" + getMappedPort(port);
    }

    /** For tests: where host ports come from (by default a port free on this machine at creation). */
    void hostPorts(IntSupplier chooser) {
        hostPorts = chooser;
    }

    /** Whether other containers can resolve {@code hostname}: an RFC 1123 name in lower case, e.g. {@code agent-a}. */
    public static boolean isHostname(String hostname) {
        return hostname != null && HOSTNAME.matcher(hostname).matches();
    }

    /** Takes a new hostname: network alias and log name follow; flags are the subclass's part. */
    protected void rename(String newHostname) {
        List<String> aliases = new ArrayList<>(getNetworkAliases());
        aliases.remove(hostname);
        aliases.remove(newHostname);
        aliases.add(newHostname);
        setNetworkAliases(aliases);
        hostname = newHostname;
        logs.withComponent(newHostname);
    }

    @Override
    protected void doStart() {
        for (int attempt = 1; ; attempt++) {
            starting = true;
            exitReport = null;
            try {
                super.doStart();
                return;
            } catch (RuntimeException e) {
                // The failed container is removed already; a new one gets new host ports.
                if (attempt < PORT_ATTEMPTS && isPortConflict(e)) {
                    Throwable root = e;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    LOG.warn(
                            "{}: a published host port was taken before Docker could bind it (attempt {} of {}), "
                                    + "trying again with other ports: {}",
                            describe(),
                            attempt,
                            PORT_ATTEMPTS,
                            abbreviate(root.getMessage(), 300));
                    continue;
                }
                throw explainStartFailure(e);
            } finally {
                starting = false;
            }
        }
    }

    /** A failure naming this container and how its process ended, unless the wait said so already. */
    private RuntimeException explainStartFailure(RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            int exited = message.indexOf("the container exited");
            if (exited >= 0) {
                return new ContainerLaunchException(describe() + ": " + message.substring(exited), failure);
            }
        }
        return exitReport == null ? failure : new ContainerLaunchException(describe() + ": " + exitReport, failure);
    }

    /** Kills and removes the container (the Mesos processes ignore SIGTERM as PID 1; Testcontainers kills). */
    @Override
    public void stop() {
        if (starting && getContainerId() != null) {
            // Testcontainers removes a container whose start is failing: first record whether its process exited
            try {
                ContainerState state = getDockerClient()
                        .inspectContainerCmd(getContainerId())
                        .exec()
                        .getState();
                if (!Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting())) {
                    exitReport = "the container exited (exit code " + state.getExitCodeLong() + ") before it was "
                            + "ready" + lastLines(getLogs(), 25);
                }
            } catch (RuntimeException e) {
                // cannot be inspected: the failure speaks for itself
            }
        }
        super.stop();
    }

    /**
     * Where published ports are bound: {@code 127.0.0.1} when the tests reach the engine ({@code getHost()}) on
     * loopback, so nothing else can reach the cluster; all interfaces otherwise (a remote engine's loopback is not ours).
     */
    static String bindAddress(String dockerHost) {
        try {
            boolean loopback = dockerHost != null
                    && !dockerHost.isBlank()
                    && InetAddress.getByName(dockerHost.replaceAll("^\\[|]$", ""))
                            .isLoopbackAddress();
            return loopback ? "127.0.0.1" : "0.0.0.0";
        } catch (UnknownHostException e) {
            return "0.0.0.0";
        }
    }

    /** {@code host} as the host part of a URL or connect string (IPv6 literals in brackets). */
    static String urlHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** A port free on this machine's {@code bindAddress} now; for a remote engine a candidate the retry corrects. */
    static int freePort(String bindAddress) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + bindAddress, e);
        }
    }

    /** Whether a start failed because a host port was taken between choosing and binding it. */
    static boolean isPortConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("port is already allocated") || message.contains("address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Status and body of a GET, with short timeouts and no redirects followed. */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(2))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last {@code count} lines of a container's output, for a failure message. */
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

    /** A text resource next to this class, e.g. the Marathon launcher script. */
    static String resource(String name) {
        try (var in = ComponentContainer.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read " + name + " from the mesos-harness-containers jar", e);
        }
    }

    /** A label map that refuses Testcontainers' session label, which is added after every create-command modifier. */
    private static final class WithoutSessionLabel extends LinkedHashMap<String, String> {
        WithoutSessionLabel(Map<String, String> labels) {
            if (labels != null) {
                putAll(labels);
            }
        }

        @Override
        public String put(String key, String value) {
            return DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL.equals(key) ? null : super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends String, ? extends String> labels) {
            labels.forEach(this::put);
        }

        @Override
        public String putIfAbsent(String key, String value) {
            return DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL.equals(key)
                    ? null
                    : super.putIfAbsent(key, value);
        }
    }
}
