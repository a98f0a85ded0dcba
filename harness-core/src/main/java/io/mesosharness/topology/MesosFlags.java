package io.mesosharness.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Extra command-line flags for Mesos masters or agents, name (without {@code --}) to value, e.g.
 * {@code gc_delay -> 1days}; immutable, in the order given. {@code "false"} is rendered {@code --no-name}.
 *
 * <p>Flags the harness sets itself are refused, naming what sets them instead: {@code --hostname} of an agent comes
 * from the agent's name, {@code --attributes} from {@code attributes:}, {@code --quorum} from {@code quorum:}, and so
 * on ({@link #ownerOf}).
 */
public final class MesosFlags {
    /** Whose flags these are. */
    public enum Process {
        MASTER("mesos-master"),
        AGENT("mesos-agent");

        private final String label;

        Process(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final String HARNESS = "the harness ";

    static final Map<String, String> MASTER_OWNED = Map.ofEntries(
            Map.entry("hostname", HARNESS + "from the master's number (master, master-<n>)"),
            Map.entry("hostname_lookup", HARNESS + "(host names come from the topology)"),
            Map.entry("port", HARNESS + "(5050 in the container, published on a free port)"),
            Map.entry("zk", HARNESS + "(the ZooKeeper it starts)"),
            Map.entry("quorum", HARNESS + "from the number of masters: use quorum:"),
            Map.entry("cluster", HARNESS + "from the topology's name: use name:"),
            Map.entry("registry", "masterSettings.registry: use registry:"),
            Map.entry("work_dir", HARNESS + "for masterSettings.registry (replicated_log needs its own work dir)"),
            Map.entry("agent_ping_timeout", "masterSettings.agentPingTimeout: use agentPingTimeout:"),
            Map.entry("max_agent_ping_timeouts", "masterSettings.maxAgentPingTimeouts: use maxAgentPingTimeouts:"));

    static final Map<String, String> AGENT_OWNED = Map.ofEntries(
            Map.entry("master", HARNESS + "(the masters' ZooKeeper URL)"),
            Map.entry("hostname", HARNESS + "from the agent's name: use name:"),
            Map.entry("hostname_lookup", HARNESS + "(host names come from the topology)"),
            Map.entry("port", HARNESS + "(5051 in the container, published on a free port)"),
            Map.entry("work_dir", HARNESS + "(every agent container has its own work dir)"),
            Map.entry("resources", HARNESS + "from the agent's resources: use resources:"),
            Map.entry("attributes", HARNESS + "from the agent's attributes: use attributes:"),
            Map.entry("launcher", HARNESS + "(posix launcher: no privileged containers)"),
            Map.entry("isolation", HARNESS + "(posix isolation: no cgroups in a container)"),
            Map.entry("systemd_enable_support", HARNESS + "(no systemd in a container)"),
            Map.entry("switch_user", HARNESS + "(tasks run as the agent's user)"),
            Map.entry("containerizers", HARNESS + "from the agent's containerizers: use containerizers:"),
            Map.entry(
                    "http_command_executor",
                    HARNESS + "on agents with the Docker containerizer (docs/DOCKER-APPS.md): use containerizers:"),
            Map.entry("docker_kill_orphans", HARNESS + "(the Docker containerizer is a harness option)"),
            Map.entry("docker_remove_delay", HARNESS + "(the Docker containerizer is a harness option)"),
            Map.entry("docker_mesos_image", HARNESS + "(the Docker containerizer is a harness option)"));

    private static final MesosFlags NONE = new MesosFlags(new LinkedHashMap<>());

    private final Map<String, String> values;

    private MesosFlags(LinkedHashMap<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** No flags. */
    public static MesosFlags none() {
        return NONE;
    }

    /**
     * What sets this flag of this process instead, e.g. "the harness from the agent's name: use name:"; null when
     * the flag is free to set.
     */
    public static String ownerOf(Process process, String name) {
        return (process == Process.MASTER ? MASTER_OWNED : AGENT_OWNED).get(name);
    }

    /**
     * A copy with one more flag; a leading {@code --} is dropped. Refuses bad names, empty values, flags the harness
     * owns and a flag given twice with different values ({@link TopologyException} with {@code path}).
     *
     * @param path where the flags are given, e.g. {@code agents[0].flags}, for the message
     */
    public MesosFlags with(Process process, String path, String name, String value) {
        String n = name != null && name.startsWith("--") ? name.substring(2) : name;
        String at = path + (n == null ? "" : "." + n);
        if (n == null || !NAME.matcher(n).matches()) {
            String hint =
                    n != null && n.startsWith("no-") ? " (write a false switch as " + n.substring(3) + ": false)" : "";
            throw new TopologyException(
                    at,
                    "bad " + process + " flag name '" + name + "': expected lower-case letters, digits and _ "
                            + "such as gc_delay" + hint);
        }
        String owner = ownerOf(process, n);
        if (owner != null) {
            throw new TopologyException(at, "--" + n + " is set by " + owner);
        }
        if (value == null || value.isBlank()) {
            throw new TopologyException(
                    at, "--" + n + " has no value; give one (true or false for a switch), e.g. " + n + ": true");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new TopologyException(at, "--" + n + " has a value with a line break or NUL: '" + value + "'");
        }
        String before = values.get(n);
        if (before != null && !before.equals(value)) {
            throw new TopologyException(at, "--" + n + " is given twice: '" + before + "' and '" + value + "'");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(values);
        copy.put(n, value);
        return new MesosFlags(copy);
    }

    /** These flags with {@code over}'s winning where both set a flag. */
    public MesosFlags overriddenBy(MesosFlags over) {
        if (over.values.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(over.values);
        return new MesosFlags(copy);
    }

    /** Name (without {@code --}) to value, in order. */
    public Map<String, String> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MesosFlags other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ")
                .append("--")
                .append(k)
                .append('=')
                .append(v));
        return s.toString();
    }
}
