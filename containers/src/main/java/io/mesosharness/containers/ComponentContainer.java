package io.mesosharness.containers;

import java.util.function.IntSupplier;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What the four component containers share: the image compatibility check, one published port (on a host port chosen
 * at creation, so it survives restarts; bound to 127.0.0.1 when the engine is reached on loopback, to all interfaces
 * otherwise; another try with another port when that one was taken meanwhile), addressed through Testcontainers'
 * {@link #getHost()}, the log consumer with its {@code [cluster/component]} prefix, and a failed start that explains
 * itself (exit code and last output).
 *
 * @param <SELF> the concrete container, for fluent setters
 */
public abstract class ComponentContainer<SELF extends ComponentContainer<SELF>> extends GenericContainer<SELF> {

    private static final java.util.regex.Pattern HOSTNAME = java.util.regex.Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

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
        withCreateContainerCmdModifier(cmd -> {
            String bindAddress = ContainerSupport.bindAddress(ContainerSupport.dockerHost());
            IntSupplier chooser = hostPorts;
            ContainerSupport.publishPorts(
                    cmd, bindAddress, chooser != null ? chooser : () -> ContainerSupport.freePort(bindAddress));
        });
        withLogConsumer(logs);
        withStartupCheckStrategy(new StartedCheck());
    }

    /** How start failures name this container, e.g. "Mesos agent a1". */
    protected abstract String describe();

    /** Names the cluster in the log prefix ({@code [cluster/component]}). */
    public SELF withClusterName(String clusterName) {
        logs.withClusterName(clusterName);
        return self();
    }

    /**
     * Leaves this container's removal to the caller: Testcontainers will not remove it when the JVM ends, neither
     * through its shutdown hook (Ryuk disabled) nor through Ryuk, since the container does not carry Testcontainers'
     * session label. For containers that may have to outlive the JVM, such as a retained cluster's; whoever calls
     * this removes the container ({@link #stop()}, or by its own labels).
     */
    public SELF withTestcontainersCleanupDisabled() {
        if (testcontainersCleanup) {
            testcontainersCleanup = false;
            withCreateContainerCmdModifier(cmd -> cmd.withLabels(new SessionLabelFilter(cmd.getLabels())));
        }
        return self();
    }

    /**
     * Follows the container's output again, from the moment Docker last started it (so the start-up lines of a
     * restart are not lost, however late this is called). Docker ends a log stream when its container stops, so after
     * a restart (a fault, or a restart policy) the {@code [cluster/component]} lines would otherwise stop.
     */
    public void followLogsAgain() {
        if (getContainerId() == null) {
            return;
        }
        org.testcontainers.containers.output.FrameConsumerResultCallback callback =
                new org.testcontainers.containers.output.FrameConsumerResultCallback();
        callback.addConsumer(org.testcontainers.containers.output.OutputFrame.OutputType.STDOUT, logs);
        callback.addConsumer(org.testcontainers.containers.output.OutputFrame.OutputType.STDERR, logs);
        getDockerClient()
                .logContainerCmd(getContainerId())
                .withFollowStream(true)
                .withStdOut(true)
                .withStdErr(true)
                .withSince((int) lastStartedAt().getEpochSecond())
                .exec(callback);
    }

    /** When Docker last started the container (now, if Docker does not say). */
    private java.time.Instant lastStartedAt() {
        try {
            String started = getDockerClient()
                    .inspectContainerCmd(getContainerId())
                    .exec()
                    .getState()
                    .getStartedAt();
            return started == null ? java.time.Instant.now() : java.time.Instant.parse(started);
        } catch (RuntimeException e) {
            return java.time.Instant.now();
        }
    }

    /** {@code http://<docker host>:<published port>}: the URL of a container port for the test JVM. */
    protected String hostUrl(int port) {
        return "http://" + hostAndPort(port);
    }

    /** {@code <docker host>:<published port>} ({@link #getHost()}: where the test JVM reaches published ports). */
    protected String hostAndPort(int port) {
        return ContainerSupport.urlHost(getHost()) + ":" + getMappedPort(port);
    }

    /** For tests: where host ports come from (by default a port free on this machine at creation). */
    void hostPorts(IntSupplier chooser) {
        hostPorts = chooser;
    }

    /** Whether other containers can resolve {@code hostname}: an RFC 1123 name in lower case, e.g. {@code agent-a}. */
    public static boolean isHostname(String hostname) {
        return hostname != null && HOSTNAME.matcher(hostname).matches();
    }

    /** Validates and takes a new hostname: network alias and log name follow; flags are the subclass's part. */
    protected void rename(String newHostname, String what) {
        if (!isHostname(newHostname)) {
            throw new IllegalArgumentException("Bad hostname '" + newHostname + "' for " + what
                    + ": expected lower-case letters, digits, '-' and '.', e.g. agent-a");
        }
        ContainerSupport.replaceAlias(this, hostname, newHostname);
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
                if (attempt < ContainerSupport.PORT_ATTEMPTS && ContainerSupport.isPortConflict(e)) {
                    ContainerSupport.logPortRetry(describe(), attempt, e);
                    continue;
                }
                throw ContainerSupport.explainStartFailure(describe(), exitReport, e);
            } finally {
                starting = false;
            }
        }
    }

    /** Kills and removes the container (the Mesos processes ignore SIGTERM as PID 1; Testcontainers kills). */
    @Override
    public void stop() {
        if (starting) {
            exitReport = ContainerSupport.exitReport(this);
        }
        super.stop();
    }
}
