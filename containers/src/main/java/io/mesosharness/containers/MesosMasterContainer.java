package io.mesosharness.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.utility.DockerImageName;

/**
 * A Mesos master. The harness sets the entrypoint ({@code mesos-master}, see
 * {@link Setting#MESOS_MASTER_COMMAND}) and passes every flag as a {@code --name=value} argument.
 *
 * <p>Defaults: a generated hostname (also the container hostname and network alias) with
 * {@code --no-hostname_lookup}, {@code --port=5050}, the replicated-log registry in {@code /var/lib/mesos/master},
 * {@code --quorum=1}, and fast agent-loss detection ({@code --agent_ping_timeout=1secs},
 * {@code --max_agent_ping_timeouts=3}: an agent is unreachable ~4 s after it dies).
 *
 * <p>Ready means a leader exists: {@code /master/state} answers 200 with a non-empty {@code leader}, or 307 to
 * the leader (this master is not leading). {@code /health} alone answers before a leader is elected. With
 * several masters and {@code --quorum} above 1, start them together (e.g. {@code Startables.deepStart}): one
 * master alone never elects a leader.
 *
 * <p>{@code mesos-master} as PID 1 ignores SIGTERM; Testcontainers' {@code stop()} kills and removes the
 * container, which is what the harness wants.
 */
public class MesosMasterContainer extends MesosComponentContainer<MesosMasterContainer> {

    /** Images must be {@code mesosphere/mesos-master} or declared a compatible substitute for it. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("mesosphere/mesos-master");

    public static final int PORT = 5050;
    public static final String WORK_DIR = "/var/lib/mesos/master";
    public static final Duration DEFAULT_AGENT_PING_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_AGENT_PING_TIMEOUTS = 3;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the master keeps its registry of agents. */
    public enum Registry {
        /** Replicated log in {@value #WORK_DIR}; needs {@code --quorum} with ZooKeeper. */
        REPLICATED_LOG,
        /** In memory, "for testing": the master forgets its agents when it restarts. */
        IN_MEMORY
    }

    /** The flags this container sets itself, name to the setter that owns it: {@link #withFlag} refuses them. */
    public static final Map<String, String> OWNED_FLAGS = Map.ofEntries(
            Map.entry("hostname", "withHostname(String)"),
            Map.entry("hostname_lookup", "withHostname(String)"),
            Map.entry("port", "the container (port 5050 is published)"),
            Map.entry("zk", "withZooKeeper(String)"),
            Map.entry("quorum", "withQuorum(int)"),
            Map.entry("cluster", "withClusterName(String)"),
            Map.entry("registry", "withRegistry(Registry)"),
            Map.entry("work_dir", "withRegistry(Registry)"),
            Map.entry("agent_ping_timeout", "withAgentPingTimeout(Duration)"),
            Map.entry("max_agent_ping_timeouts", "withMaxAgentPingTimeouts(int)"));

    private final Flags flags = new Flags("mesos-master", Flags.Style.MESOS, OWNED_FLAGS);
    private Registry registry = Registry.REPLICATED_LOG;
    private int quorum = 1;

    public MesosMasterContainer(DockerImageName dockerImageName) {
        super(dockerImageName, DEFAULT_IMAGE_NAME, "mesos-master", PORT, Setting.MESOS_MASTER_COMMAND);
        flags.set("hostname", hostname);
        flags.set("hostname_lookup", "false");
        flags.set("port", String.valueOf(PORT));
        flags.set("agent_ping_timeout", ContainerSupport.mesosDuration(DEFAULT_AGENT_PING_TIMEOUT));
        flags.set("max_agent_ping_timeouts", String.valueOf(DEFAULT_MAX_AGENT_PING_TIMEOUTS));
        applyRegistry();
        refresh();
        super.withNetworkAliases(hostname);
        waitingFor(new PollingWaitStrategy("Mesos master leader", DEFAULT_STARTUP_TIMEOUT, target -> {
            HttpResponse<String> r = ContainerSupport.get(getMasterUrl() + "/master/state");
            return leaderProblem(
                    r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        }));
    }

    /** The ZooKeeper URL for leader election, e.g. {@code zk://zk:2181/mesos}. Without it the master is standalone. */
    public MesosMasterContainer withZooKeeper(String zkUrl) {
        ContainerSupport.checkZkUrl(zkUrl, "ZooKeeper URL of the Mesos master");
        flags.set("zk", zkUrl);
        return refresh();
    }

    /** The replicated log's quorum, a majority of the masters. */
    public MesosMasterContainer withQuorum(int quorum) {
        if (quorum <= 0) {
            throw new IllegalArgumentException("Bad quorum " + quorum + " for the Mesos master: must be at least 1"
                    + " (a majority of the masters)");
        }
        this.quorum = quorum;
        applyRegistry();
        return refresh();
    }

    /** The cluster's display name ({@code --cluster}); also names the cluster in the log prefix. */
    @Override
    public MesosMasterContainer withClusterName(String clusterName) {
        if (clusterName == null || clusterName.isBlank() || clusterName.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("Bad cluster name '" + clusterName + "' for the Mesos master");
        }
        flags.set("cluster", clusterName);
        super.withClusterName(clusterName);
        return refresh();
    }

    public MesosMasterContainer withRegistry(Registry registry) {
        if (registry == null) {
            throw new IllegalArgumentException("Bad registry null for the Mesos master");
        }
        this.registry = registry;
        applyRegistry();
        return refresh();
    }

    /**
     * The name the master advertises and other containers resolve: the container hostname, a network alias,
     * {@code --hostname} and {@code --no-hostname_lookup}.
     */
    public MesosMasterContainer withHostname(String hostname) {
        rename(hostname, "the Mesos master");
        flags.set("hostname", hostname);
        return refresh();
    }

    public MesosMasterContainer withAgentPingTimeout(Duration timeout) {
        ContainerSupport.checkDuration(timeout, "agent ping timeout of the Mesos master");
        flags.set("agent_ping_timeout", ContainerSupport.mesosDuration(timeout));
        return refresh();
    }

    public MesosMasterContainer withMaxAgentPingTimeouts(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException(
                    "Bad max agent ping timeouts " + count + " for the Mesos master:" + " must be at least 1");
        }
        flags.set("max_agent_ping_timeouts", String.valueOf(count));
        return refresh();
    }

    /** Any other master flag, as {@code --name=value} ({@code "false"} renders as {@code --no-name}). */
    public MesosMasterContainer withFlag(String name, String value) {
        flags.setUser(name, value);
        return refresh();
    }

    /** For the test JVM: {@code http://<docker host>:<published 5050>} (see {@link #getHost()}). */
    public String getMasterUrl() {
        return hostUrl(PORT);
    }

    /** The flags as name to value, in order. */
    public Map<String, String> getFlags() {
        return flags.asMap();
    }

    @Override
    protected String describe() {
        return "Mesos master " + hostname;
    }

    @Override
    protected void configure() {
        if (quorum > 1 && !flags.has("zk")) {
            throw new IllegalArgumentException("Bad quorum " + quorum + " for Mesos master " + hostname
                    + ": several masters need withZooKeeper(zkUrl) to elect a leader");
        }
        refresh();
        super.configure();
    }

    /** Empty when an answer to GET /master/state (status, Location header or null, body) shows a leader exists. */
    static Optional<String> leaderProblem(int status, String location, String body) throws java.io.IOException {
        if (status == 307) {
            return location != null && !location.isBlank()
                    ? Optional.empty()
                    : Optional.of("/master/state answered 307 without a Location");
        }
        if (status != 200) {
            return Optional.of("/master/state answered " + status + " (no leader yet)");
        }
        JsonNode state = JSON.readTree(body);
        String leader = state.path("leader").asText("");
        return leader.isEmpty() ? Optional.of("/master/state has no leader yet") : Optional.empty();
    }

    private void applyRegistry() {
        if (registry == Registry.REPLICATED_LOG) {
            flags.set("registry", "replicated_log");
            flags.set("work_dir", WORK_DIR);
            flags.set("quorum", String.valueOf(quorum));
        } else {
            flags.set("registry", "in_memory");
            flags.remove("work_dir");
            flags.remove("quorum");
        }
    }

    private MesosMasterContainer refresh() {
        setCommand(flags.render().toArray(String[]::new));
        return self();
    }
}
