package io.mesosharness.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads an Ansible INI inventory as a {@link Topology}; see docs/TOPOLOGY.md for the groups and variables. */
final class AnsibleInventoryReader {
    static final List<String> MASTER_GROUPS = List.of("mesos_masters", "mesos-masters", "masters");
    static final List<String> AGENT_GROUPS =
            List.of("mesos_agents", "mesos_slaves", "mesos-agents", "mesos-slaves", "agents", "slaves");
    /** Looked up in this order; the first one set wins. */
    static final List<String> ATTRIBUTE_VARS = List.of("mesos_agent_attributes", "mesos_attributes");

    static final List<String> RESOURCE_VARS = List.of("mesos_agent_resources", "mesos_resources");
    /** Comma-separated, in Mesos' order: {@code mesos_containerizers=docker,mesos}. */
    static final String CONTAINERIZERS_VAR = "mesos_containerizers";

    static final String QUORUM_VAR = "mesos_quorum";
    static final String CLUSTER_VAR = "mesos_cluster";

    private static final Logger LOG = LoggerFactory.getLogger(AnsibleInventoryReader.class);
    private static final Pattern RANGE = Pattern.compile("\\[([a-zA-Z0-9]+):([a-zA-Z0-9]+)(?::(\\d+))?\\]");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NUMBERED = Pattern.compile("(.+)-([1-9]\\d{0,5})");

    private enum SectionKind {
        HOSTS,
        CHILDREN,
        VARS
    }

    private record Var(String value, int line) {}

    private static final class Group {
        final String name;
        final int line;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Map<String, Var> vars = new LinkedHashMap<>();

        Group(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private static final class Host {
        final String name;
        final int line;
        final Map<String, Var> vars = new LinkedHashMap<>();

        Host(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private final String source;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    private AnsibleInventoryReader(String source) {
        this.source = source;
    }

    static Topology read(String content, String source, boolean scaleToFit) {
        AnsibleInventoryReader reader = new AnsibleInventoryReader(source);
        reader.parse(content);
        return reader.toTopology(scaleToFit);
    }

    // ---- syntax ------------------------------------------------------------------------------------------------

    private void parse(String content) {
        Group current = group("ungrouped", 0);
        SectionKind kind = SectionKind.HOSTS;
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw fail(
                            lineNo,
                            "",
                            "bad section header '" + line + "': expected [group], [group:children] or "
                                    + "[group:vars]");
                }
                String header = line.substring(1, line.length() - 1).strip();
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon);
                String suffix = colon < 0 ? "" : header.substring(colon + 1);
                if (name.isEmpty() || name.contains(" ")) {
                    throw fail(lineNo, "", "bad group name '" + name + "' in '" + line + "'");
                }
                switch (suffix) {
                    case "":
                        kind = SectionKind.HOSTS;
                        break;
                    case "children":
                        kind = SectionKind.CHILDREN;
                        break;
                    case "vars":
                        kind = SectionKind.VARS;
                        break;
                    default:
                        throw fail(
                                lineNo,
                                "[" + header + "]",
                                Names.unknown("section kind", ":" + suffix, List.of(":children", ":vars")));
                }
                current = group(name, lineNo);
                continue;
            }
            switch (kind) {
                case HOSTS:
                    hostLine(current, line, lineNo);
                    break;
                case CHILDREN:
                    childLine(current, line, lineNo);
                    break;
                default:
                    varLine(current, line, lineNo);
                    break;
            }
        }
    }

    private Group group(String name, int line) {
        return groups.computeIfAbsent(name, n -> new Group(n, line));
    }

    private void hostLine(Group group, String line, int lineNo) {
        List<String> tokens = tokenize(line, lineNo);
        if (tokens.isEmpty()) {
            return;
        }
        Map<String, Var> vars = new LinkedHashMap<>();
        for (String token : tokens.subList(1, tokens.size())) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw fail(lineNo, tokens.get(0), "expected name=value after the host name, got '" + token + "'");
            }
            vars.put(token.substring(0, eq), new Var(token.substring(eq + 1), lineNo));
        }
        for (String name : expand(tokens.get(0), lineNo)) {
            Host host = hosts.computeIfAbsent(name, n -> new Host(n, lineNo));
            host.vars.putAll(vars);
            group.hosts.add(name);
        }
    }

    private void childLine(Group group, String line, int lineNo) {
        String child = tokenize(line, lineNo).get(0);
        if (child.equals(group.name)) {
            throw fail(lineNo, "[" + group.name + ":children]", "group '" + child + "' cannot be its own child");
        }
        group.children.add(child);
        group(child, lineNo).parents.add(group.name);
    }

    private void varLine(Group group, String line, int lineNo) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            throw fail(lineNo, "[" + group.name + ":vars]", "expected name=value, got '" + line + "'");
        }
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2
                && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        group.vars.put(line.substring(0, eq).strip(), new Var(value, lineNo));
    }

    /** Splits on spaces outside quotes, removes the quotes, stops at a '#' that starts a word. */
    private List<String> tokenize(String line, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    token.append(line.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                } else {
                    token.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                }
            } else if (c == '#' && !inToken) {
                break;
            } else {
                token.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw fail(lineNo, "", "unclosed " + quote + " quote in '" + line + "'");
        }
        if (inToken) {
            out.add(token.toString());
        }
        return out;
    }

    /** Expands Ansible host ranges: {@code web[1:3]}, {@code db[01:10]}, {@code rack[a:c]}, {@code n[0:10:5]}. */
    private List<String> expand(String pattern, int lineNo) {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        String from = m.group(1);
        String to = m.group(2);
        int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        List<String> values = new ArrayList<>();
        if (from.chars().allMatch(Character::isDigit) && to.chars().allMatch(Character::isDigit)) {
            int a = Integer.parseInt(from);
            int b = Integer.parseInt(to);
            for (int v = a; v <= b && step > 0; v += step) {
                String s = String.valueOf(v);
                values.add(
                        from.length() > 1 && from.startsWith("0")
                                ? "0".repeat(Math.max(0, from.length() - s.length())) + s
                                : s);
            }
        } else if (from.length() == 1
                && to.length() == 1
                && Character.isLetter(from.charAt(0))
                && Character.isLetter(to.charAt(0))) {
            for (char c = from.charAt(0); c <= to.charAt(0) && step > 0; c += step) {
                values.add(String.valueOf(c));
            }
        }
        if (values.isEmpty()) {
            throw fail(lineNo, pattern, "bad host range '" + m.group() + "': expected [1:3], [01:10] or [a:c]");
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.addAll(expand(pattern.substring(0, m.start()) + v + pattern.substring(m.end()), lineNo));
        }
        return out;
    }

    // ---- meaning -----------------------------------------------------------------------------------------------

    private Topology toTopology(boolean scaleToFit) {
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
        Var cluster = firstVars.get(CLUSTER_VAR);
        if (cluster != null) {
            b.name(template(cluster, CLUSTER_VAR).value());
            lines.put("name", cluster.line());
        }
        Var quorum = null;
        for (String m : masterHosts) {
            Var q = resolvedVars(m).get(QUORUM_VAR);
            if (q != null && quorum != null && !q.value().equals(quorum.value())) {
                throw fail(
                        q.line(),
                        m + "." + QUORUM_VAR,
                        "'" + q.value() + "' differs from '" + quorum.value() + "' (line " + quorum.line() + ")");
            }
            quorum = q != null ? q : quorum;
        }
        if (quorum != null) {
            String q = template(quorum, QUORUM_VAR).value().strip();
            if (!q.matches("\\d{1,3}")) {
                throw fail(quorum.line(), QUORUM_VAR, "expected a whole number, got '" + q + "'");
            }
            b.quorum(Integer.parseInt(q));
            lines.put("quorum", quorum.line());
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
        if (scaleToFit) {
            topology = topology.scaledToFitOneMachine();
        }
        return topology.toBuilder().agents(fold(topology.agents())).build();
    }

    private AgentGroup agent(Host host, String name) {
        Map<String, Var> vars = resolvedVars(host.name);
        AgentGroup group;
        try {
            group = AgentGroup.named(name);
        } catch (TopologyException e) {
            throw e.withPath(host.name).locatedAt(source, host.line);
        }
        Var attributes = firstOf(vars, ATTRIBUTE_VARS);
        if (attributes != null) {
            String var = varName(vars, ATTRIBUTE_VARS);
            try {
                group = group.attributes(template(attributes, var).value());
            } catch (TopologyException e) {
                throw e.source().isPresent()
                        ? e
                        : e.withPath(host.name + "." + var).locatedAt(source, attributes.line());
            }
        }
        Var resources = firstOf(vars, RESOURCE_VARS);
        if (resources != null) {
            String var = varName(vars, RESOURCE_VARS);
            try {
                group = group.resources(template(resources, var).value());
            } catch (TopologyException e) {
                throw e.source().isPresent()
                        ? e
                        : e.withPath(host.name + "." + var).locatedAt(source, resources.line());
            }
        }
        group = containerizers(host, vars, group);
        return group;
    }

    private AgentGroup containerizers(Host host, Map<String, Var> vars, AgentGroup group) {
        for (Map.Entry<String, Var> v : vars.entrySet()) {
            if (v.getKey().startsWith("mesos_containeriz") && !v.getKey().equals(CONTAINERIZERS_VAR)) {
                throw fail(
                        v.getValue().line(),
                        host.name + "." + v.getKey(),
                        Names.unknown("variable", v.getKey(), List.of(CONTAINERIZERS_VAR)));
            }
        }
        Var containerizers = vars.get(CONTAINERIZERS_VAR);
        if (containerizers == null) {
            return group;
        }
        try {
            return group.containerizers(
                    List.of(template(containerizers, CONTAINERIZERS_VAR).value().split(",", -1)));
        } catch (TopologyException e) {
            throw e.source().isPresent()
                    ? e
                    : e.withPath(host.name + "." + CONTAINERIZERS_VAR).locatedAt(source, containerizers.line());
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

    /**
     * Folds agents named {@code p-1 .. p-N} with identical attributes and resources into one group {@code p} with
     * count N: the host names stay exactly the same, only the file gets shorter.
     */
    static List<AgentGroup> fold(List<AgentGroup> groups) {
        Map<String, List<Integer>> byPrefix = new LinkedHashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            AgentGroup g = groups.get(i);
            names.add(g.name());
            Matcher m = NUMBERED.matcher(g.name());
            if (g.count() == 1 && m.matches()) {
                byPrefix.computeIfAbsent(m.group(1), p -> new ArrayList<>()).add(i);
            }
        }
        List<AgentGroup> out = new ArrayList<>(groups);
        Set<Integer> removed = new LinkedHashSet<>();
        for (Map.Entry<String, List<Integer>> e : byPrefix.entrySet()) {
            String prefix = e.getKey();
            List<Integer> members = e.getValue();
            if (members.size() < 2 || names.contains(prefix)) {
                continue;
            }
            AgentGroup first = groups.get(members.get(0));
            Set<String> expected = new LinkedHashSet<>();
            boolean same = true;
            for (int n = 1; n <= members.size(); n++) {
                expected.add(prefix + "-" + n);
            }
            for (int index : members) {
                AgentGroup g = groups.get(index);
                same &= expected.contains(g.name())
                        && g.attributes().equals(first.attributes())
                        && g.resources().equals(first.resources())
                        && g.containerizers().equals(first.containerizers());
            }
            if (!same) {
                continue;
            }
            AgentGroup folded;
            try {
                folded = AgentGroup.named(prefix)
                        .count(members.size())
                        .attributes(first.attributes())
                        .resources(first.resources())
                        .containerizers(first.containerizers());
            } catch (TopologyException notANameForAGroup) {
                continue;
            }
            out.set(members.get(0), folded);
            removed.addAll(members.subList(1, members.size()));
        }
        List<AgentGroup> result = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            if (!removed.contains(i)) {
                result.add(out.get(i));
            }
        }
        return result;
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
        Map<String, Var> out = new LinkedHashMap<>();
        Group all = groups.get("all");
        if (all != null) {
            out.putAll(all.vars);
        }
        containing.forEach(g -> out.putAll(g.vars));
        out.putAll(hosts.get(hostName).vars);
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
        if (var.value().contains("{{") || var.value().contains("{%")) {
            throw fail(var.line(), name, "'" + var.value() + "' is a Jinja template; give the value literally");
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
        return new TopologyException(source, line, path, problem, null);
    }
}
