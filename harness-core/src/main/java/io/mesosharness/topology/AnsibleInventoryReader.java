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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an Ansible INI inventory as a {@link Topology}; see docs/TOPOLOGY.md for the groups and variables. The
 * syntax is {@link AnsibleInventoryParser}'s, {@code group_vars/} and {@code host_vars/} are
 * {@link AnsibleVarsFiles}', the variables' names are checked by {@link AnsibleVariables}.
 */
final class AnsibleInventoryReader {
    static final List<String> MASTER_GROUPS = List.of("mesos_masters", "mesos-masters", "masters");
    static final List<String> AGENT_GROUPS =
            List.of("mesos_agents", "mesos_slaves", "mesos-agents", "mesos-slaves", "agents", "slaves");

    private static final Logger LOG = LoggerFactory.getLogger(AnsibleInventoryReader.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String source;
    private final Map<String, Group> groups;
    private final Map<String, Host> hosts;
    private final AnsibleInventoryParser inventory;

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
            String content, String source, InventoryOptions options, Optional<AnsibleVarsFiles.Location> varsAt) {
        AnsibleInventoryParser inventory = AnsibleInventoryParser.parse(content, source);
        varsAt.ifPresent(at -> AnsibleVarsFiles.read(inventory, at));
        AnsibleInventoryReader reader = new AnsibleInventoryReader(inventory);
        return reader.toTopology(options);
    }

    // ---- meaning -----------------------------------------------------------------------------------------------

    private Topology toTopology(InventoryOptions options) {
        if (hosts.isEmpty()) {
            throw fail(
                    0,
                    "",
                    "empty inventory: no hosts; expected a masters group (" + headers(MASTER_GROUPS)
                            + ") and an agents group (" + headers(AGENT_GROUPS) + ")");
        }
        List<Group> agentGroups = existing(AGENT_GROUPS);
        if (agentGroups.isEmpty()) {
            List<String> found = new ArrayList<>();
            groups.values().stream()
                    .filter(g -> !g.name.equals("ungrouped") || !g.hosts.isEmpty())
                    .forEach(g -> found.add("[" + g.name + "]"));
            throw fail(
                    0,
                    "",
                    "no agents group: expected one of " + headers(AGENT_GROUPS) + "; found "
                            + (found.isEmpty() ? "no groups" : String.join(", ", found)));
        }
        List<String> agentHosts = members(agentGroups);
        if (agentHosts.isEmpty()) {
            Group g = agentGroups.get(0);
            throw fail(g.line, "[" + g.name + "]", "the agents group has no hosts");
        }
        List<Group> masterGroups = existing(MASTER_GROUPS);
        List<String> masterHosts = members(masterGroups);
        Map<String, Map<String, Var>> resolved = new LinkedHashMap<>();
        List<String> mesosHosts = new ArrayList<>(masterHosts);
        agentHosts.stream().filter(h -> !mesosHosts.contains(h)).forEach(mesosHosts::add);
        mesosHosts.forEach(h -> resolved.put(h, resolvedVars(h)));
        AnsibleVariables.check(inventory, mesosHosts, options.strictVariables(), resolved);

        Topology.Builder b = Topology.builder();
        Map<String, Integer> lines = new HashMap<>();
        String where = masterGroups.isEmpty() ? "masters" : "[" + masterGroups.get(0).name + "]";
        int masterLine = masterGroups.isEmpty() ? 0 : masterGroups.get(0).line;
        if (masterHosts.isEmpty()) {
            LOG.info("{}: no hosts in a masters group ({}); the topology has 1 master", source, headers(MASTER_GROUPS));
        } else if (masterHosts.size() % 2 == 0) {
            throw fail(
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
        Var cluster = firstVars.get(AnsibleVariables.CLUSTER_VAR);
        if (cluster != null) {
            b.name(template(cluster, AnsibleVariables.CLUSTER_VAR).value());
            lines.put("name", cluster.line());
        }
        Var quorum = sameOnEveryMaster(masterHosts, AnsibleVariables.QUORUM_VAR);
        if (quorum != null) {
            String q = template(quorum, AnsibleVariables.QUORUM_VAR).value().strip();
            if (!q.matches("\\d{1,3}")) {
                throw failAt(quorum, AnsibleVariables.QUORUM_VAR, "expected a whole number, got '" + q + "'");
            }
            b.quorum(Integer.parseInt(q));
            lines.put("quorum", quorum.line());
        }
        Var masterFlags = masterHosts.isEmpty()
                ? firstVars.get(AnsibleVariables.MASTER_FLAGS_VAR)
                : sameOnEveryMaster(masterHosts, AnsibleVariables.MASTER_FLAGS_VAR);
        if (masterFlags != null) {
            AnsibleVariables.flags(
                    template(masterFlags, AnsibleVariables.MASTER_FLAGS_VAR),
                    AnsibleVariables.MASTER_FLAGS_VAR,
                    (name, value) -> b.masterSettings(m -> m.flag(name, value)));
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
            Integer line = lines.get(p);
            if (line == null && p.startsWith("agents[")) {
                line = lines.get(p.substring(0, p.indexOf(']') + 1));
            }
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
            if (v != null && found != null && !String.valueOf(v.value()).equals(String.valueOf(found.value()))) {
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
        Var attributes = firstOf(vars, AnsibleVariables.ATTRIBUTE_VARS);
        if (attributes != null) {
            String var = varName(vars, AnsibleVariables.ATTRIBUTE_VARS);
            try {
                group = group.attributes(template(attributes, var).value());
            } catch (TopologyException e) {
                throw e.source().isPresent()
                        ? e
                        : e.withPath(host.name + "." + var).locatedAt(attributes.source(), attributes.line());
            }
        }
        Var resources = firstOf(vars, AnsibleVariables.RESOURCE_VARS);
        if (resources != null) {
            String var = varName(vars, AnsibleVariables.RESOURCE_VARS);
            try {
                group = group.resources(template(resources, var).value());
            } catch (TopologyException e) {
                throw e.source().isPresent()
                        ? e
                        : e.withPath(host.name + "." + var).locatedAt(resources.source(), resources.line());
            }
        }
        Var flags = vars.get(AnsibleVariables.AGENT_FLAGS_VAR);
        if (flags != null) {
            AgentGroup[] g = {group};
            AnsibleVariables.flags(
                    template(flags, AnsibleVariables.AGENT_FLAGS_VAR),
                    host.name + "." + AnsibleVariables.AGENT_FLAGS_VAR,
                    (flag, value) -> g[0] = g[0].flag(flag, value));
            group = g[0];
        }
        group = containerizers(host, vars, group);
        return group;
    }

    /** {@code mesos_containerizers=docker,mesos}; a misspelled variable is caught by {@link AnsibleVariables#check}. */
    private AgentGroup containerizers(Host host, Map<String, Var> vars, AgentGroup group) {
        String name = AnsibleVariables.CONTAINERIZERS_VAR;
        Var containerizers = vars.get(name);
        if (containerizers == null) {
            return group;
        }
        try {
            return group.containerizers(
                    List.of(template(containerizers, name).value().split(",", -1)));
        } catch (TopologyException e) {
            throw e.source().isPresent()
                    ? e
                    : e.withPath(host.name + "." + name).locatedAt(containerizers.source(), containerizers.line());
        }
    }

    /** Agent names: the host's first DNS label, or the whole name when that is ambiguous or an IP address. */
    private Map<String, String> agentNames(List<String> agentHosts) {
        Map<String, Integer> shortCounts = new HashMap<>();
        for (String h : agentHosts) {
            shortCounts.merge(shortName(h), 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> taken = new HashMap<>();
        for (String h : agentHosts) {
            String name = shortCounts.get(shortName(h)) == 1 ? shortName(h) : Names.sanitize(h);
            if (Names.isReservedHostname(name)) {
                name = name + "-agent";
            }
            String other = taken.putIfAbsent(name, h);
            if (other != null) {
                throw fail(
                        hosts.get(h).line,
                        h,
                        "hosts '" + other + "' (line " + hosts.get(other).line + ") and '" + h
                                + "' both become the agent name '" + name + "'; rename one of them");
            }
            out.put(h, name);
        }
        return out;
    }

    private static String shortName(String host) {
        return IPV4.matcher(host).matches() ? Names.sanitize(host) : Names.sanitize(host.split("\\.")[0]);
    }

    /** Variables of a host: group "all", then its groups from parents to children (by name within a level), then its own. */
    private Map<String, Var> resolvedVars(String hostName) {
        Map<String, Integer> depth = new HashMap<>();
        for (Group g : groups.values()) {
            depth(g, depth, new LinkedHashSet<>());
        }
        List<Group> containing = new ArrayList<>();
        for (Group g : groups.values()) {
            if (!g.name.equals("all") && members(List.of(g)).contains(hostName)) {
                containing.add(g);
            }
        }
        containing.sort(Comparator.comparing((Group g) -> depth.get(g.name)).thenComparing(g -> g.name));
        // Ansible's precedence: inventory group vars, then group_vars/all, then group_vars/*, then host vars
        Map<String, Var> out = new LinkedHashMap<>();
        Group all = groups.get("all");
        if (all != null) {
            out.putAll(all.vars);
        }
        containing.forEach(g -> out.putAll(g.vars));
        if (all != null) {
            out.putAll(all.fileVars);
        }
        containing.forEach(g -> out.putAll(g.fileVars));
        Host host = hosts.get(hostName);
        out.putAll(host.vars);
        out.putAll(host.fileVars);
        return out;
    }

    private int depth(Group g, Map<String, Integer> depth, Set<String> path) {
        Integer known = depth.get(g.name);
        if (known != null) {
            return known;
        }
        if (!path.add(g.name)) {
            throw fail(
                    g.line,
                    "[" + g.name + ":children]",
                    "groups are their own ancestors: " + String.join(" > ", path) + " > " + g.name);
        }
        int d = 0;
        for (String parent : g.parents) {
            d = Math.max(d, depth(groups.get(parent), depth, path) + 1);
        }
        path.remove(g.name);
        depth.put(g.name, d);
        return d;
    }

    private List<Group> existing(List<String> names) {
        List<Group> out = new ArrayList<>();
        for (String n : names) {
            Group g = groups.get(n);
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    /** Hosts of these groups and their child groups, in the order they first appear. */
    private List<String> members(List<Group> of) {
        Set<String> out = new LinkedHashSet<>();
        for (Group g : of) {
            collect(g, out, new LinkedHashSet<>());
        }
        List<String> ordered = new ArrayList<>();
        for (String h : hosts.keySet()) {
            if (out.contains(h)) {
                ordered.add(h);
            }
        }
        return ordered;
    }

    private void collect(Group g, Set<String> out, Set<String> seen) {
        if (!seen.add(g.name)) {
            return;
        }
        out.addAll(g.hosts);
        for (String child : g.children) {
            collect(groups.get(child), out, seen);
        }
    }

    private static Var firstOf(Map<String, Var> vars, List<String> names) {
        for (String n : names) {
            if (vars.containsKey(n)) {
                return vars.get(n);
            }
        }
        return null;
    }

    private static String varName(Map<String, Var> vars, List<String> names) {
        return names.stream().filter(vars::containsKey).findFirst().orElse(names.get(0));
    }

    private Var template(Var var, String name) {
        if (!var.isScalar()) {
            throw failAt(var, name, "expected a single value, got a list or mapping");
        }
        if (var.value().contains("{{") || var.value().contains("{%")) {
            throw failAt(var, name, "'" + var.value() + "' is a Jinja template; give the value literally");
        }
        return var;
    }

    private static String headers(List<String> names) {
        StringBuilder s = new StringBuilder();
        for (String n : names) {
            s.append(s.length() == 0 ? "" : ", ").append('[').append(n).append(']');
        }
        return s.toString();
    }

    private TopologyException fail(int line, String path, String problem) {
        return inventory.fail(line, path, problem);
    }

    private static TopologyException failAt(Var var, String path, String problem) {
        return new TopologyException(var.source(), var.line(), path, problem, null);
    }
}
