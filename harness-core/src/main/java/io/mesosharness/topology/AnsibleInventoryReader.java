package io.mesosharness.topology;

import io.mesosharness.topology.AnsibleInventoryParser.Group;
import io.mesosharness.topology.AnsibleInventoryParser.Host;
import io.mesosharness.topology.AnsibleInventoryParser.Var;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an Ansible INI inventory as a {@link Topology}; see docs/TOPOLOGY.md for the groups and variables. The
 * syntax, {@code group_vars/} and {@code host_vars/} are {@link AnsibleInventoryParser}'s. No other {@code mesos_*}
 * variable than the ones read here may be given (a typo such as {@code mesos_atributes} would otherwise give an agent
 * without attributes).
 */
final class AnsibleInventoryReader {
    static final List<String> MASTER_GROUPS = List.of("mesos_masters", "mesos-masters", "masters");
    static final List<String> AGENT_GROUPS =
            List.of("mesos_agents", "mesos_slaves", "mesos-agents", "mesos-slaves", "agents", "slaves");
    /** Looked up in this order; the first one set wins. */
    static final List<String> ATTRIBUTE_VARS = List.of("mesos_agent_attributes", "mesos_attributes");

    static final List<String> RESOURCE_VARS = List.of("mesos_agent_resources", "mesos_resources");
    static final String QUORUM_VAR = "mesos_quorum";
    static final String CLUSTER_VAR = "mesos_cluster";
    static final String MASTER_FLAGS_VAR = "mesos_master_flags";
    static final String AGENT_FLAGS_VAR = "mesos_agent_flags";
    /** Comma-separated, in Mesos' order: {@code mesos_containerizers=docker,mesos}. */
    static final String CONTAINERIZERS_VAR = "mesos_containerizers";
    /** Names of further variables (e.g. of your own Ansible roles) the checks accept, comma or space separated. */
    static final String IGNORE_VAR = "mesos_harness_ignore";

    static final List<String> KNOWN = Stream.concat(
                    Stream.concat(ATTRIBUTE_VARS.stream(), RESOURCE_VARS.stream()),
                    Stream.of(
                            QUORUM_VAR, CLUSTER_VAR, MASTER_FLAGS_VAR, AGENT_FLAGS_VAR, CONTAINERIZERS_VAR, IGNORE_VAR))
            .toList();

    private static final Logger LOG = LoggerFactory.getLogger(AnsibleInventoryReader.class);

    private final AnsibleInventoryParser inventory;
    private final String source;
    private final Map<String, Group> groups;
    private final Map<String, Host> hosts;
    /** Each group's distance from the top (set before variables are resolved, checking for cycles). */
    private final Map<String, Integer> depth = new HashMap<>();

    private AnsibleInventoryReader(AnsibleInventoryParser inventory) {
        this.inventory = inventory;
        this.source = inventory.source;
        this.groups = inventory.groups;
        this.hosts = inventory.hosts;
    }

    /**
     * Reads an inventory.
     *
     * @param varsAt where {@code group_vars/} and {@code host_vars/} are, or empty when the inventory has no location
     */
    static Topology read(
            String content, String source, InventoryOptions options, Optional<AnsibleInventoryParser.Location> varsAt) {
        AnsibleInventoryParser inventory = AnsibleInventoryParser.parse(content, source);
        varsAt.ifPresent(at -> AnsibleInventoryParser.readVarsFiles(inventory, at));
        return new AnsibleInventoryReader(inventory).toTopology(options);
    }

    private Topology toTopology(InventoryOptions options) {
        if (hosts.isEmpty()) {
            throw inventory.fail(
                    0,
                    "",
                    "empty inventory: no hosts; expected a masters group (" + headers(MASTER_GROUPS)
                            + ") and an agents group (" + headers(AGENT_GROUPS) + ")");
        }
        List<Group> agentGroups = existing(AGENT_GROUPS);
        if (agentGroups.isEmpty()) {
            String found = groups.values().stream()
                    .filter(g -> !g.name.equals("ungrouped") || !g.hosts.isEmpty())
                    .map(g -> "[" + g.name + "]")
                    .collect(Collectors.joining(", "));
            throw inventory.fail(
                    0,
                    "",
                    "no agents group: expected one of " + headers(AGENT_GROUPS) + "; found "
                            + (found.isEmpty() ? "no groups" : found));
        }
        List<String> agentHosts = members(agentGroups);
        if (agentHosts.isEmpty()) {
            Group g = agentGroups.get(0);
            throw inventory.fail(g.line, "[" + g.name + "]", "the agents group has no hosts");
        }
        List<Group> masterGroups = existing(MASTER_GROUPS);
        List<String> masterHosts = members(masterGroups);
        groups.values().forEach(g -> depth(g, new LinkedHashSet<>()));
        checkVariables(
                Stream.concat(masterHosts.stream(), agentHosts.stream())
                        .distinct()
                        .toList(),
                options.strictVariables());

        Topology.Builder b = Topology.builder();
        Map<String, Integer> lines = new HashMap<>();
        String where = masterGroups.isEmpty() ? "masters" : "[" + masterGroups.get(0).name + "]";
        int masterLine = masterGroups.isEmpty() ? 0 : masterGroups.get(0).line;
        if (masterHosts.isEmpty()) {
            LOG.info("{}: no hosts in a masters group ({}); the topology has 1 master", source, headers(MASTER_GROUPS));
        } else if (masterHosts.size() % 2 == 0) {
            throw inventory.fail(
                    masterLine,
                    where,
                    masterHosts.size() + " master hosts (" + String.join(", ", masterHosts)
                            + "); a cluster needs 1 or an odd number of at least 3 masters");
        } else {
            b.masters(masterHosts.size());
        }
        lines.put("masters", masterLine);
        lines.put("quorum", masterLine);

        Map<String, Var> firstVars = resolvedVars(masterHosts.isEmpty() ? agentHosts.get(0) : masterHosts.get(0));
        Var cluster = firstVars.get(CLUSTER_VAR);
        if (cluster != null) {
            b.name(literal(cluster, CLUSTER_VAR));
            lines.put("name", cluster.line());
        }
        Var quorum = sameOnEveryMaster(masterHosts, QUORUM_VAR);
        if (quorum != null) {
            String q = literal(quorum, QUORUM_VAR).strip();
            if (!q.matches("\\d{1,3}")) {
                throw failAt(quorum, QUORUM_VAR, "expected a whole number, got '" + q + "'");
            }
            b.quorum(Integer.parseInt(q));
            lines.put("quorum", quorum.line());
        }
        Var masterFlags = masterHosts.isEmpty()
                ? firstVars.get(MASTER_FLAGS_VAR)
                : sameOnEveryMaster(masterHosts, MASTER_FLAGS_VAR);
        if (masterFlags != null) {
            use(masterFlags, MASTER_FLAGS_VAR, MASTER_FLAGS_VAR, v -> {
                flags(v).forEach(f -> b.masterSettings(m -> m.flag(f.getKey(), f.getValue())));
                return b;
            });
        }

        Map<String, String> names = agentNames(agentHosts);
        for (int i = 0; i < agentHosts.size(); i++) {
            Host host = hosts.get(agentHosts.get(i));
            lines.put("agents[" + i + "]", host.line);
            b.agent(agent(host, names.get(host.name)));
        }
        Topology topology;
        try {
            topology = b.build();
        } catch (TopologyException e) {
            String p = e.path();
            Integer line = lines.getOrDefault(
                    p, p.startsWith("agents[") ? lines.get(p.substring(0, p.indexOf(']') + 1)) : null);
            throw e.locatedAt(source, line == null ? 0 : line);
        }
        if (options.scaleToFit()) {
            topology = topology.scaledToFitOneMachine();
        }
        return topology.toBuilder().agents(AgentFolding.fold(topology.agents())).build();
    }

    /** The variable as every master has it (an error naming both places when two masters differ), or null. */
    private Var sameOnEveryMaster(List<String> masterHosts, String name) {
        Var found = null;
        for (String m : masterHosts) {
            Var v = resolvedVars(m).get(name);
            if (v != null && found != null && !Objects.equals(v.value(), found.value())) {
                throw failAt(
                        v,
                        m + "." + name,
                        "'" + v.value() + "' differs from '" + found.value() + "' (" + found.source() + " line "
                                + found.line() + ")");
            }
            found = v != null ? v : found;
        }
        return found;
    }

    private AgentGroup agent(Host host, String name) {
        Map<String, Var> vars = resolvedVars(host.name);
        AgentGroup group;
        try {
            group = AgentGroup.named(name);
        } catch (TopologyException e) {
            throw e.withPath(host.name).locatedAt(source, host.line);
        }
        Map<String, BiFunction<AgentGroup, String, AgentGroup>> setters = new LinkedHashMap<>();
        setters.put(
                ATTRIBUTE_VARS.stream().filter(vars::containsKey).findFirst().orElse(""), AgentGroup::attributes);
        setters.put(RESOURCE_VARS.stream().filter(vars::containsKey).findFirst().orElse(""), AgentGroup::resources);
        setters.put(AGENT_FLAGS_VAR, (g, v) -> {
            for (Map.Entry<String, String> f : flags(v)) {
                g = g.flag(f.getKey(), f.getValue());
            }
            return g;
        });
        setters.put(CONTAINERIZERS_VAR, (g, v) -> g.containerizers(List.of(v.split(",", -1))));
        for (Map.Entry<String, BiFunction<AgentGroup, String, AgentGroup>> s : setters.entrySet()) {
            Var var = vars.get(s.getKey());
            AgentGroup current = group;
            if (var != null) {
                group = use(
                        var,
                        s.getKey(),
                        host.name + "." + s.getKey(),
                        v -> s.getValue().apply(current, v));
            }
        }
        return group;
    }

    /** Applies a variable's literal value, locating any error at the variable. */
    private static <T> T use(Var var, String name, String path, Function<String, T> action) {
        String value = literal(var, name);
        try {
            return action.apply(value);
        } catch (TopologyException e) {
            throw e.source().isPresent() ? e : e.withPath(path).locatedAt(var.source(), var.line());
        }
    }

    /**
     * {@code mesos_master_flags} / {@code mesos_agent_flags}: {@code --name=value} (or {@code name=value}) words
     * separated by spaces.
     */
    private static List<Map.Entry<String, String>> flags(String value) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String word : value.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq <= 0 && !word.isEmpty()) {
                throw new TopologyException(
                        "", "expected --name=value words separated by spaces, got '" + word + "' in '" + value + "'");
            } else if (eq > 0) {
                out.add(Map.entry(word.substring(0, eq), word.substring(eq + 1)));
            }
        }
        return out;
    }

    /**
     * Fails on the first unknown {@code mesos_*} variable anywhere (groups, hosts, vars files), and, when
     * {@code strict}, on any variable of a Mesos host that is neither {@code ansible_*} nor one of {@link #KNOWN}.
     */
    private void checkVariables(List<String> mesosHosts, boolean strict) {
        Set<String> ignored = Stream.concat(
                        groups.values().stream().flatMap(g -> Stream.of(g.vars, g.fileVars)),
                        hosts.values().stream().flatMap(h -> Stream.of(h.vars, h.fileVars)))
                .map(vars -> vars.get(IGNORE_VAR))
                .filter(v -> v != null && v.isScalar())
                .flatMap(v -> Stream.of(v.value().split("[,\\s]+")))
                .filter(n -> !n.isBlank())
                .collect(Collectors.toSet());
        for (Group g : groups.values()) {
            String at = g.name.equals("all") || g.name.equals("ungrouped") ? g.name : "[" + g.name + ":vars]";
            checkMesos(at, g.vars, ignored);
            checkMesos("group_vars " + g.name, g.fileVars, ignored);
        }
        for (Host h : hosts.values()) {
            checkMesos(h.name, h.vars, ignored);
            checkMesos("host_vars " + h.name, h.fileVars, ignored);
        }
        for (String host : strict ? mesosHosts : List.<String>of()) {
            resolvedVars(host).forEach((name, v) -> {
                if (!name.startsWith("ansible_") && !KNOWN.contains(name) && !ignored.contains(name)) {
                    throw failAt(
                            v,
                            host + "." + name,
                            Names.unknown("variable", name, KNOWN)
                                    + " (strict variables: a Mesos host may only have ansible_* and these; list"
                                    + " others in " + IGNORE_VAR + ")");
                }
            });
        }
    }

    private static void checkMesos(String at, Map<String, Var> vars, Set<String> ignored) {
        vars.forEach((name, v) -> {
            if (name.startsWith("mesos_") && !KNOWN.contains(name) && !ignored.contains(name)) {
                throw failAt(
                        v,
                        at + "." + name,
                        Names.unknown("mesos-harness variable", name, KNOWN) + " (if it is for your Ansible roles, "
                                + "list it in " + IGNORE_VAR + ")");
            }
        });
    }

    /** Agent names: the host's first DNS label, or the whole name when that is ambiguous or an IP address. */
    private Map<String, String> agentNames(List<String> agentHosts) {
        Map<String, Long> shortCounts =
                agentHosts.stream().collect(Collectors.groupingBy(Names::shortHostName, Collectors.counting()));
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> taken = new HashMap<>();
        for (String h : agentHosts) {
            String name = shortCounts.get(Names.shortHostName(h)) == 1 ? Names.shortHostName(h) : Names.sanitize(h);
            if (Names.isReservedHostname(name)) {
                name = name + "-agent";
            }
            String other = taken.putIfAbsent(name, h);
            if (other != null) {
                throw inventory.fail(
                        hosts.get(h).line,
                        h,
                        "hosts '" + other + "' (line " + hosts.get(other).line + ") and '" + h
                                + "' both become the agent name '" + name + "'; rename one of them");
            }
            out.put(h, name);
        }
        return out;
    }

    /**
     * Variables of a host in Ansible's precedence: inventory vars of group "all", then of its groups from parents
     * to children (by name within a level); then {@code group_vars/} in the same order; then its own line and
     * {@code host_vars/}.
     */
    private Map<String, Var> resolvedVars(String hostName) {
        List<Group> ordered = new ArrayList<>();
        Optional.ofNullable(groups.get("all")).ifPresent(ordered::add);
        groups.values().stream()
                .filter(g -> !g.name.equals("all") && members(List.of(g)).contains(hostName))
                .sorted(Comparator.comparing((Group g) -> depth.get(g.name)).thenComparing(g -> g.name))
                .forEach(ordered::add);
        Map<String, Var> out = new LinkedHashMap<>();
        ordered.forEach(g -> out.putAll(g.vars));
        ordered.forEach(g -> out.putAll(g.fileVars));
        Host host = hosts.get(hostName);
        out.putAll(host.vars);
        out.putAll(host.fileVars);
        return out;
    }

    private int depth(Group g, Set<String> path) {
        Integer known = depth.get(g.name);
        if (known != null) {
            return known;
        }
        if (!path.add(g.name)) {
            throw inventory.fail(
                    g.line,
                    "[" + g.name + ":children]",
                    "groups are their own ancestors: " + String.join(" > ", path) + " > " + g.name);
        }
        int d = 0;
        for (String parent : g.parents) {
            d = Math.max(d, depth(groups.get(parent), path) + 1);
        }
        path.remove(g.name);
        depth.put(g.name, d);
        return d;
    }

    private List<Group> existing(List<String> names) {
        return names.stream().map(groups::get).filter(Objects::nonNull).toList();
    }

    /** Hosts of these groups and their child groups, in the inventory's order. */
    private List<String> members(List<Group> of) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> out = new LinkedHashSet<>();
        for (List<Group> next = of; !next.isEmpty(); ) {
            next = next.stream()
                    .filter(g -> seen.add(g.name))
                    .peek(g -> out.addAll(g.hosts))
                    .flatMap(g -> g.children.stream().map(groups::get))
                    .toList();
        }
        return hosts.keySet().stream().filter(out::contains).toList();
    }

    /** The value of a variable, which must be a single literal value. */
    private static String literal(Var var, String name) {
        if (!var.isScalar()) {
            throw failAt(var, name, "expected a single value, got a list or mapping");
        }
        if (var.value().contains("{{") || var.value().contains("{%")) {
            throw failAt(var, name, "'" + var.value() + "' is a Jinja template; give the value literally");
        }
        return var.value();
    }

    private static String headers(List<String> names) {
        return names.stream().map(n -> "[" + n + "]").collect(Collectors.joining(", "));
    }

    private static TopologyException failAt(Var var, String path, String problem) {
        return new TopologyException(var.source(), var.line(), path, problem, null);
    }
}
