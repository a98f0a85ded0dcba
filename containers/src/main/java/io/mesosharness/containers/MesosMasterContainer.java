package io.mesosharness.containers;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.utility.DockerImageName;

/**
 * A Mesos master ({@link Setting#MESOS_MASTER_COMMAND}, every flag a {@code --name=value} argument). Defaults: a
 * generated hostname with {@code --no-hostname_lookup}, {@code --port=5050}, the replicated-log registry in
 * {@value #WORK_DIR} with {@code --quorum=1}, and fast agent-loss detection ({@code --agent_ping_timeout=1secs},
 * {@code --max_agent_ping_timeouts=3}: an agent is unreachable ~4 s after it dies).
 *
 * <p>Ready means a leader exists: {@code /master/state} answers 200 with a {@code leader}, or 307 to the leader
 * ({@code /health} answers before the election). Masters with {@code --quorum} above 1 must start together.
 */
public class MesosMasterContainer extends MesosComponentContainer<MesosMasterContainer> {

    /** Images must be {@code mesosphere/mesos-master} or declared a compatible substitute for it. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("mesosphere/mesos-master");

    public static final int PORT = 5050;
    public static final String WORK_DIR = "/var/lib/mesos/master";
    public static final Duration DEFAULT_AGENT_PING_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_AGENT_PING_TIMEOUTS = 3;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

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

    private Registry registry = Registry.REPLICATED_LOG;
    private int quorum = 1;

    public MesosMasterContainer(DockerImageName dockerImageName) {
        super(
                dockerImageName,
                DEFAULT_IMAGE_NAME,
                "mesos-master",
                PORT,
                Setting.MESOS_MASTER_COMMAND,
                FlagStyle.MESOS,
                OWNED_FLAGS);
        flag("port", String.valueOf(PORT));
        withAgentPingTimeout(DEFAULT_AGENT_PING_TIMEOUT).withMaxAgentPingTimeouts(DEFAULT_MAX_AGENT_PING_TIMEOUTS);
        applyRegistry();
        waitingFor(new PollingWaitStrategy("Mesos master leader", DEFAULT_STARTUP_TIMEOUT, () -> {
            HttpResponse<String> r = get(getMasterUrl() + "/master/state");
            return leaderProblem(
                    r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
        }));
    }

    /** The ZooKeeper URL for leader election, e.g. {@code zk://zk:2181/mesos}. Without it the master is standalone. */
    public MesosMasterContainer withZooKeeper(String zkUrl) {
        return flag("zk", zkUrl);
    }

    /** The replicated log's quorum, a majority of the masters. */
    public MesosMasterContainer withQuorum(int quorum) {
        this.quorum = quorum;
        return applyRegistry();
    }

    /** The cluster's display name ({@code --cluster}); also names the cluster in the log prefix. */
    @Override
    public MesosMasterContainer withClusterName(String clusterName) {
        return super.withClusterName(clusterName).flag("cluster", clusterName);
    }

    public MesosMasterContainer withRegistry(Registry registry) {
        this.registry = registry;
        return applyRegistry();
    }

    public MesosMasterContainer withAgentPingTimeout(Duration timeout) {
        long nanos = timeout.toNanos();
        return flag(
                "agent_ping_timeout",
                nanos % 1_000_000_000L == 0
                        ? timeout.toSeconds() + "secs"
                        : nanos % 1_000_000L == 0 ? timeout.toMillis() + "ms" : nanos + "ns");
    }

    public MesosMasterContainer withMaxAgentPingTimeouts(int count) {
        return flag("max_agent_ping_timeouts", String.valueOf(count));
    }

    /** For the test JVM: {@code http://<docker host>:<published 5050>} (see {@link #getHost()}). */
    public String getMasterUrl() {
        return hostUrl(PORT);
    }

    @Override
    protected String describe() {
        return "Mesos master " + hostname;
    }

    @Override
    protected void configure() {
        if (quorum > 1 && !flags.containsKey("zk")) {
            throw new IllegalArgumentException("Bad quorum " + quorum + " for Mesos master " + hostname
                    + ": several masters need withZooKeeper(zkUrl) to elect a leader");
        }
        super.configure();
    }

    /** Empty when an answer to GET /master/state (status, Location header or null, body) shows a leader exists. */
    static Optional<String> leaderProblem(int status, String location, String body) throws IOException {
        if (status == 307) {
            return location != null && !location.isBlank()
                    ? Optional.empty()
                    : Optional.of("/master/state answered 307 without a Location");
        }
        if (status != 200) {
            return Optional.of("/master/state answered " + status + " (no leader yet)");
        }
        return JSON.readTree(body).path("leader").asText("").isEmpty()
                ? Optional.of("/master/state has no leader yet")
                : Optional.empty();
    }

    private MesosMasterContainer applyRegistry() {
        boolean log = registry == Registry.REPLICATED_LOG;
        flag("registry", log ? "replicated_log" : "in_memory");
        flag("work_dir", log ? WORK_DIR : null);
        return flag("quorum", log ? String.valueOf(quorum) : null);
    }
}
