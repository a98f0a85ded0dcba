package io.mesosharness.topology;

import io.mesosharness.containers.MesosAgentContainer;
import io.mesosharness.containers.MesosComponentContainer;
import io.mesosharness.containers.MesosMasterContainer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Extra command-line flags of Mesos masters or agents, name (without {@code --}) to value, e.g.
 * {@code gc_delay -> 1days}; immutable, in the order given. {@code "false"} is rendered {@code --no-name}. Flags the
 * harness sets itself are refused, naming what sets them instead ({@link #ownerOf}).
 */
public final class MesosFlags {
    /** Whose flags these are. */
    public enum Process {
        MASTER,
        AGENT;

        /** {@code mesos-master} or {@code mesos-agent}. */
        @Override
        public String toString() {
            return "mesos-" + name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String HARNESS = "the harness ";

    /** The end of "--flag is set by ..." for the containers' setters of their {@code OWNED_FLAGS}. */
    private static final Map<String, String> MASTER_SETTERS = Map.of(
            "withHostname(String)", HARNESS + "from the master's number (master, master-<n>)",
            "withZooKeeper(String)", HARNESS + "(the ZooKeeper it starts)",
            "withQuorum(int)", HARNESS + "from the number of masters: use quorum:",
            "withClusterName(String)", HARNESS + "from the topology's name: use name:",
            "withRegistry(Registry)", "masterSettings.registry: use registry:",
            "withAgentPingTimeout(Duration)", "masterSettings.agentPingTimeout: use agentPingTimeout:",
            "withMaxAgentPingTimeouts(int)", "masterSettings.maxAgentPingTimeouts: use maxAgentPingTimeouts:");

    private static final Map<String, String> AGENT_SETTERS = Map.of(
            "withMaster(String)", HARNESS + "(the masters' ZooKeeper URL)",
            "withHostname(String)", HARNESS + "from the agent's name: use name:",
            "withResources(MesosResources)", HARNESS + "from the agent's resources: use resources:",
            "withAttributes(MesosAttributes)", HARNESS + "from the agent's attributes: use attributes:",
            "withContainerizers(List)", HARNESS + "from the agent's containerizers: use containerizers:");

    private static final MesosFlags NONE = new MesosFlags(new LinkedHashMap<>());

    private final Map<String, String> values;

    private MesosFlags(LinkedHashMap<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** No flags. */
    public static MesosFlags none() {
        return NONE;
    }

    /** What sets this flag of this process instead, e.g. "the harness from the agent's name: use name:"; or null. */
    public static String ownerOf(Process process, String name) {
        boolean master = process == Process.MASTER;
        String setter = (master ? MesosMasterContainer.OWNED_FLAGS : MesosAgentContainer.OWNED_FLAGS).get(name);
        return setter == null
                ? null
                : (master ? MASTER_SETTERS : AGENT_SETTERS)
                        .getOrDefault(setter, setter.startsWith("with") ? "the harness" : setter);
    }

    /**
     * A copy with one more flag; a leading {@code --} is dropped. Refuses bad names, empty values, flags the harness
     * owns and a flag given twice with different values, naming {@code path} (e.g. {@code agents[0].flags}).
     */
    public MesosFlags with(Process process, String path, String name, String value) {
        String n = name != null && name.startsWith("--") ? name.substring(2) : name;
        String at = path + (n == null ? "" : "." + n);
        String hint =
                n != null && n.startsWith("no-") ? " (write a false switch as " + n.substring(3) + ": false)" : "";
        TopologyException.require(
                MesosComponentContainer.isFlagName(n),
                at,
                "bad " + process + " flag name '" + name + "': expected lower-case letters, digits and _ such as"
                        + " gc_delay" + hint);
        String owner = ownerOf(process, n);
        TopologyException.require(owner == null, at, "--" + n + " is set by " + owner);
        TopologyException.require(
                value != null && !value.isBlank(),
                at,
                "--" + n + " has no value; give one (true or false for a switch), e.g. " + n + ": true");
        TopologyException.require(
                MesosComponentContainer.isFlagValue(value),
                at,
                "--" + n + " has a value with a line break or NUL: '" + value + "'");
        String before = values.get(n);
        TopologyException.require(
                before == null || before.equals(value),
                at,
                "--" + n + " is given twice: '" + before + "' and '" + value + "'");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(values);
        copy.put(n, value);
        return new MesosFlags(copy);
    }

    /** A copy with each of {@code more} added by {@link #with}. */
    public MesosFlags withAll(Process process, String path, MesosFlags more) {
        MesosFlags out = this;
        for (Map.Entry<String, String> e : more.values.entrySet()) {
            out = out.with(process, path, e.getKey(), e.getValue());
        }
        return out;
    }

    /** These flags with {@code over}'s winning where both set a flag. */
    public MesosFlags overriddenBy(MesosFlags over) {
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
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
