package io.mesosharness.topology;

import io.mesosharness.containers.MesosResources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The cluster a test asks for: ZooKeeper, Mesos masters, groups of agents and Marathon. Immutable and validated;
 * equal topologies can share one running cluster. Built with {@link #builder()} or read by {@link TopologyFiles}.
 *
 * <pre>
 * Topology.builder().name("x").masters(3)
 *     .agent("a1", "rack:a;zone:eu-1")
 *     .agent(AgentGroup.named("compute").count(3).attributes("rack:a").resources("cpus:2;mem:2048"))
 *     .marathon(m -&gt; m.role("test"))
 *     .build();
 * </pre>
 *
 * @param name       used in progress lines and Docker labels: letters, digits, '_', '.', '-'
 * @param masters    the number of Mesos masters: 1 or an odd number of at least 3
 * @param quorum     the masters' {@code --quorum}: a majority of the masters (0 for the smallest one)
 * @param agentFlags extra flags of every agent; a group's own {@link AgentGroup#flags()} win over them
 */
public record Topology(
        String name,
        int masters,
        int quorum,
        List<AgentGroup> agents,
        MarathonSettings marathon,
        ZooKeeperSettings zookeeper,
        MasterSettings masterSettings,
        MesosFlags agentFlags) {
    /** The name of a topology that was not given one. */
    public static final String DEFAULT_NAME = "mesos-harness";
    /** The most cpus per agent {@link #scaledToFitOneMachine()} leaves. */
    public static final double FIT_MAX_CPUS_PER_AGENT = 2.0;
    /** The most memory (MB) per agent {@link #scaledToFitOneMachine()} leaves. */
    public static final long FIT_MAX_MEM_MB_PER_AGENT = 2048;
    /** The most disk (MB) per agent {@link #scaledToFitOneMachine()} leaves. */
    public static final long FIT_MAX_DISK_MB_PER_AGENT = 8192;

    private static final Topology DEFAULT = builder()
            .agent("a1", "rack:a")
            .agent("a2", "rack:a")
            .agent("b1", "rack:b")
            .build();

    public Topology {
        TopologyException.require(
                Names.isTopologyName(name),
                "name",
                "bad name '" + name + "': use 1 to 63 letters, digits, '_', '.' or '-', starting with a letter or"
                        + " digit");
        TopologyException.require(
                masters >= 1 && masters % 2 == 1,
                "masters",
                "must be 1 or an odd number of at least 3, was " + masters
                        + (masters > 0
                                ? " (" + masters + " masters tolerate no more failures than " + (masters - 1) + ")"
                                : ""));
        int majority = masters / 2 + 1;
        TopologyException.require(
                quorum == 0 || (quorum >= majority && quorum <= masters),
                "quorum",
                "must be a majority of the " + masters + " masters ("
                        + (majority == masters ? String.valueOf(masters) : majority + " to " + masters) + "), was "
                        + quorum);
        TopologyException.require(!agents.isEmpty(), "agents", "at least one agent is needed");
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> hosts = new HashMap<>();
        for (int i = 0; i < agents.size(); i++) {
            AgentGroup g = agents.get(i);
            Integer before = names.putIfAbsent(g.name(), i);
            String at = "agents[" + i + "].name";
            TopologyException.require(
                    before == null, at, "duplicate agent name '" + g.name() + "' (also agents[" + before + "])");
            for (String host : g.hostnames()) {
                Integer owner = hosts.putIfAbsent(host, i);
                if (owner != null) {
                    throw new TopologyException(
                            at,
                            "host name '" + host + "' of agent '" + g.name() + "' is also a host name of agents["
                                    + owner + "] ('" + agents.get(owner).name() + "')");
                }
            }
        }
        quorum = quorum == 0 ? majority : quorum;
        agents = List.copyOf(agents);
        Objects.requireNonNull(marathon, "marathon settings");
        Objects.requireNonNull(zookeeper, "zookeeper settings");
        Objects.requireNonNull(masterSettings, "master settings");
        agentFlags = MesosFlags.none().withAll(MesosFlags.Process.AGENT, "agentFlags", agentFlags);
    }

    /** A builder with the defaults: name "mesos-harness", 1 master, no agents, default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** ZooKeeper, 1 master, 3 agents on two racks (a1 and a2 with rack:a, b1 with rack:b) and Marathon. */
    public static Topology defaultTopology() {
        return DEFAULT;
    }

    /** A builder starting from this topology. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.masters = masters;
        b.quorum = quorum == masters / 2 + 1 ? 0 : quorum;
        b.agents.addAll(agents);
        b.marathon = marathon;
        b.zookeeper = zookeeper;
        b.masterSettings = masterSettings;
        b.agentFlags = agentFlags;
        return b;
    }

    /** One entry per agent container, in order, each with its unique host name. */
    public List<AgentSpec> expandedAgents() {
        List<AgentSpec> out = new ArrayList<>();
        for (AgentGroup g : agents) {
            List<String> hosts = g.hostnames();
            MesosFlags flags = agentFlags.overriddenBy(g.flags());
            for (int i = 0; i < hosts.size(); i++) {
                out.add(new AgentSpec(
                        hosts.get(i), g.name(), i + 1, g.attributes(), g.resources(), flags, g.containerizers()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * A copy whose agents fit on one machine: for each of cpus, mem and disk one factor for the whole topology brings
     * the largest agent down to the limit, so agents keep their sizes relative to each other; no agent goes below
     * the defaults of {@link AgentGroup#DEFAULT_RESOURCES} (or its own value when that was smaller) or above the
     * limit. Nothing is scaled up. Attributes, ports and other resources are kept exactly.
     */
    public Topology scaledToFit(double maxCpusPerAgent, long maxMemMbPerAgent, long maxDiskMbPerAgent) {
        double[] limits = {maxCpusPerAgent, maxMemMbPerAgent, maxDiskMbPerAgent};
        String[] names = {"maxCpusPerAgent", "maxMemMbPerAgent", "maxDiskMbPerAgent"};
        String[] kinds = {"cpus", "mem", "disk"};
        List<AgentGroup> groups = agents;
        for (int k = 0; k < kinds.length; k++) {
            TopologyException.require(
                    limits[k] > 0 && !Double.isInfinite(limits[k]),
                    "scaledToFit",
                    names[k] + " must be more than 0, was " + limits[k]);
            String kind = kinds[k];
            double limit = limits[k];
            double floor = MesosResources.parse(AgentGroup.DEFAULT_RESOURCES).scalar(kind);
            double largest = groups.stream()
                    .mapToDouble(g -> g.resources().findScalar(kind).orElse(0.0))
                    .max()
                    .orElse(0);
            if (largest > limit) {
                groups = groups.stream()
                        .map(g -> scaled(g, kind, limit, floor, largest))
                        .toList();
            }
        }
        return toBuilder().agents(groups).build();
    }

    private static AgentGroup scaled(AgentGroup g, String kind, double limit, double floor, double largest) {
        double total = g.resources().findScalar(kind).orElse(0.0);
        if (total <= 0) {
            return g;
        }
        double ratio =
                Math.min(Math.max(total * limit / largest, Math.min(Math.min(floor, total), limit)), limit) / total;
        Map<String, String> values = new LinkedHashMap<>(g.resources().asMap());
        values.replaceAll((name, value) -> {
            if (!name.replaceFirst("\\(.*", "").equals(kind)) {
                return value;
            }
            BigDecimal d = BigDecimal.valueOf(Double.parseDouble(value) * ratio)
                    .setScale("cpus".equals(kind) ? 2 : 0, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros();
            return d.signum() == 0 ? "0" : d.toPlainString();
        });
        return g.resources(values);
    }

    /** {@link #scaledToFit} with 2 cpus, 2048 MB memory and 8192 MB disk per agent. */
    public Topology scaledToFitOneMachine() {
        return scaledToFit(FIT_MAX_CPUS_PER_AGENT, FIT_MAX_MEM_MB_PER_AGENT, FIT_MAX_DISK_MB_PER_AGENT);
    }

    /** A one-paragraph summary for people, e.g. for progress lines and the command line. */
    public String describe() {
        int count = agents.stream().mapToInt(AgentGroup::count).sum();
        String agentList = agents.stream()
                .map(g -> {
                    List<String> hosts = g.hostnames();
                    String attrs = g.attributes().render();
                    return (hosts.size() == 1 ? hosts.get(0) : hosts.get(0) + ".." + hosts.get(hosts.size() - 1)) + " ("
                            + (attrs.isEmpty() ? "no attributes" : attrs) + "; "
                            + g.resources().render() + ")";
                })
                .collect(Collectors.joining("; "));
        MasterSettings.Registry registry = masterSettings.registry();
        return name + ": ZooKeeper" + zookeeper.image().map(i -> " (" + i + ")").orElse("")
                + ", " + masters + (masters == 1 ? " Mesos master" : " Mesos masters (quorum " + quorum + ")")
                + (registry == MasterSettings.Registry.REPLICATED_LOG
                        ? ""
                        : " with the " + registry.flagValue() + " registry")
                + ", " + count + (count == 1 ? " agent: " : " agents: ") + agentList
                + "; Marathon with role " + marathon.role() + " and principal " + marathon.principal()
                + (marathon.features().isEmpty() ? "" : ", features " + String.join(",", marathon.features()))
                + ".";
    }

    /** This topology as a YAML topology file that {@link TopologyFiles#parseYaml} reads back to an equal topology. */
    public String toYaml() {
        return TopologyYaml.write(this);
    }

    /** Builds a {@link Topology}; {@link #build()} checks the whole. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private int masters = 1;
        private int quorum;
        private final List<AgentGroup> agents = new ArrayList<>();
        private MarathonSettings marathon = MarathonSettings.defaults();
        private ZooKeeperSettings zookeeper = ZooKeeperSettings.defaults();
        private MasterSettings masterSettings = MasterSettings.defaults();
        private MesosFlags agentFlags = MesosFlags.none();

        private Builder() {}

        /** One more flag of every agent, e.g. {@code agentFlag("gc_delay", "1days")}; a group's own flag wins. */
        public Builder agentFlag(String name, String value) {
            this.agentFlags = agentFlags.with(MesosFlags.Process.AGENT, "agentFlags", name, value);
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder masters(int masters) {
            this.masters = masters;
            return this;
        }

        /** Overrides the quorum; must be a majority of the masters. */
        public Builder quorum(int quorum) {
            this.quorum = quorum;
            return this;
        }

        /** Adds one agent with these attributes in Mesos syntax and the default resources. */
        public Builder agent(String name, String attributes) {
            return agent(AgentGroup.named(name).attributes(attributes));
        }

        public Builder agent(AgentGroup group) {
            agents.add(Objects.requireNonNull(group, "agent group"));
            return this;
        }

        /** Replaces all agent groups. */
        public Builder agents(List<AgentGroup> groups) {
            agents.clear();
            groups.forEach(this::agent);
            return this;
        }

        /** Changes the Marathon settings, e.g. {@code marathon(m -> m.role("test"))}. */
        public Builder marathon(UnaryOperator<MarathonSettings> change) {
            return marathon(change.apply(marathon));
        }

        public Builder marathon(MarathonSettings settings) {
            this.marathon = Objects.requireNonNull(settings, "marathon settings");
            return this;
        }

        public Builder zookeeper(ZooKeeperSettings settings) {
            this.zookeeper = Objects.requireNonNull(settings, "zookeeper settings");
            return this;
        }

        /** Changes the master settings, e.g. {@code masterSettings(m -> m.maxAgentPingTimeouts(5))}. */
        public Builder masterSettings(UnaryOperator<MasterSettings> change) {
            return masterSettings(change.apply(masterSettings));
        }

        public Builder masterSettings(MasterSettings settings) {
            this.masterSettings = Objects.requireNonNull(settings, "master settings");
            return this;
        }

        /** The topology; throws {@link TopologyException} naming the field and the bad value. */
        public Topology build() {
            return new Topology(name, masters, quorum, agents, marathon, zookeeper, masterSettings, agentFlags);
        }
    }
}
