package io.mesosharness.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Ansible INI inventory, with its {@code group_vars/} and {@code host_vars/}, read as a {@link Topology}; the
 * groups and variables are in docs/TOPOLOGY.md. An unknown {@code mesos_*} variable is an error: a typo such as
 * {@code mesos_atributes} would otherwise give an agent without attributes.
 */
final class AnsibleInventory {
    private static final List<String> MASTER_GROUPS = List.of("mesos_masters", "mesos-masters", "masters");
    private static final List<String> AGENT_GROUPS =
            List.of("mesos_agents", "mesos_slaves", "mesos-agents", "mesos-slaves", "agents", "slaves");
    /** The variables read; {@code mesos_agent_*} win over their aliases. {@code mesos_harness_ignore} lists more. */
    private static final List<String> KNOWN = List.of(("mesos_agent_attributes mesos_attributes mesos_agent_resources"
                    + " mesos_resources mesos_quorum mesos_cluster mesos_master_flags mesos_agent_flags"
                    + " mesos_containerizers mesos_harness_ignore")
            .split(" "));

    /** A word of a host line: unquoted characters and quoted parts; a double-quoted part may escape with '\'. */
    private static final Pattern WORD = Pattern.compile("(?:[^\\s\"']|\"(?:\\\\.|[^\"\\\\])*\"|'[^']*')+");

    private static final Pattern QUOTED = Pattern.compile("\"((?:\\\\.|[^\"\\\\])*)\"|'([^']*)'");
    private static final Pattern RANGE = Pattern.compile("\\[([a-zA-Z0-9]+):([a-zA-Z0-9]+)(?::(\\d+))?\\]");
    private static final Logger LOG = LoggerFactory.getLogger(AnsibleInventory.class);

    /** Where a variable is set, in Ansible's precedence: a later one wins. */
    enum From {
        GROUP,
        GROUP_VARS,
        HOST,
        HOST_VARS
    }

    /**
     * A variable as set in one place: {@code scope} is its group or host, {@code value} null for a list or mapping in
     * a vars file, {@code source} the inventory's name or the vars file (e.g. {@code group_vars/all.yml}).
     */
    record Var(From from, String scope, String name, String value, int line, String source) {
        TopologyException error(String path, String problem) {
            return new TopologyException(source, line, path, problem);
        }
    }

    private record Group(String name, int line, Set<String> hosts, Set<String> children, Set<String> parents) {}

    /**
     * Where the inventory's vars files are: {@code read} gives the content of a relative path if it is a file,
     * {@code list} the file names in a relative directory, sorted (none for a classpath folder: it cannot be listed).
     */
    record Location(Function<String, Optional<String>> read, Function<String, List<String>> list) {}

    private final String source;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** Host name to the line it first appears on, in the inventory's order. */
    private final Map<String, Integer> hosts = new LinkedHashMap<>();

    private final List<Var> vars = new ArrayList<>();
    /** Each group's distance from the top, set before variables are resolved. */
    private final Map<String, Integer> depth = new HashMap<>();

    private AnsibleInventory(String source) {
        this.source = source;
    }

    /** Reads an inventory; {@code varsAt} is where {@code group_vars/} and {@code host_vars/} are, if anywhere. */
    static Topology read(String content, String source, InventoryOptions options, Optional<Location> varsAt) {
        AnsibleInventory inventory = new AnsibleInventory(source);
        inventory.parse(content);
        varsAt.ifPresent(inventory::readVarsFiles);
        return inventory.toTopology(options);
    }

    private void parse(String content) {
        Group current = group("ungrouped", 0);
        String kind = "";
        String[] lines = content.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw fail(
                            n,
                            "",
                            "bad section header '" + line + "': expected [group], [group:children] or [group:vars]");
                }
                String header = line.substring(1, line.length() - 1).strip();
                String name = header.replaceFirst(":.*", "");
                kind = header.substring(name.length()).replaceFirst("^:", "");
                if (name.isEmpty() || name.contains(" ")) {
                    throw fail(n, "", "bad group name '" + name + "' in '" + line + "'");
                }
                if (!List.of("", "children", "vars").contains(kind)) {
                    throw fail(
                            n,
                            "[" + header + "]",
                            Names.unknown("section kind", ":" + kind, List.of(":children", ":vars")));
                }
                current = group(name, n);
            } else if (kind.equals("children")) {
                String child = words(line, n).get(0);
                if (child.equals(current.name)) {
                    throw fail(n, "[" + current.name + ":children]", "group '" + child + "' cannot be its own child");
                }
                current.children.add(child);
                group(child, n).parents.add(current.name);
            } else if (kind.equals("vars")) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw fail(n, "[" + current.name + ":vars]", "expected name=value, got '" + line + "'");
                }
                String value = line.substring(eq + 1).strip();
                value = value.matches("\"(.*)\"|'(.*)'") ? value.substring(1, value.length() - 1) : value;
                vars.add(new Var(From.GROUP, current.name, line.substring(0, eq).strip(), value, n, source));
            } else {
                List<String> words = words(line, n);
                List<String> names = expand(words.get(0), n);
                for (String host : names) {
                    hosts.putIfAbsent(host, n);
                    current.hosts.add(host);
                    for (String word : words.subList(1, words.size())) {
                        int eq = word.indexOf('=');
                        if (eq <= 0) {
                            throw fail(n, words.get(0), "expected name=value after the host name, got '" + word + "'");
                        }
                        vars.add(new Var(From.HOST, host, word.substring(0, eq), word.substring(eq + 1), n, source));
                    }
                }
            }
        }
    }

    /** The words of a line, unquoted, up to a word starting with '#'. */
    private List<String> words(String line, int lineNo) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(line);
        int end = 0;
        while (m.find()
                && line.substring(end, m.start()).isBlank()
                && !m.group().startsWith("#")) {
            out.add(QUOTED.matcher(m.group())
                    .replaceAll(q -> Matcher.quoteReplacement(
                            q.group(1) != null ? q.group(1).replaceAll("\\\\(.)", "$1") : q.group(2))));
            end = m.end();
        }
        String rest = line.substring(end).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw fail(lineNo, "", "unclosed " + rest.charAt(0) + " quote in '" + line + "'");
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
        boolean digits = from.matches("\\d+") && to.matches("\\d+");
        boolean valid = step > 0 && (digits || (from + to).matches("[a-zA-Z]{2}"));
        int last = digits ? Integer.parseInt(to) : to.charAt(0);
        String format = !digits ? "%c" : from.matches("0\\d+") ? "%0" + from.length() + "d" : "%d";
        List<String> values = IntStream.iterate(
                        digits ? Integer.parseInt(from) : from.charAt(0), v -> valid && v <= last, v -> v + step)
                .mapToObj(v -> String.format(format, v))
                .toList();
        if (values.isEmpty()) {
            throw fail(lineNo, pattern, "bad host range '" + m.group() + "': expected [1:3], [01:10] or [a:c]");
        }
        return values.stream()
                .flatMap(v -> expand(pattern.substring(0, m.start()) + v + pattern.substring(m.end()), lineNo).stream())
                .toList();
    }

    private Group group(String name, int line) {
        return groups.computeIfAbsent(
                name, n -> new Group(n, line, new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>()));
    }

    private TopologyException fail(int line, String path, String problem) {
        return new TopologyException(source, line, path, problem);
    }

    /**
     * Reads {@code group_vars/x} and {@code host_vars/x} for each group and host x: the files {@code x},
     * {@code x.yml}, {@code x.yaml}, {@code x.json} and every such file in a directory {@code x/}, in name order.
     */
    private void readVarsFiles(Location at) {
        for (From from : List.of(From.GROUP_VARS, From.HOST_VARS)) {
            String dir = from == From.GROUP_VARS ? "group_vars" : "host_vars";
            String what = from == From.GROUP_VARS ? "group" : "host";
            Set<String> names = from == From.GROUP_VARS ? groups.keySet() : hosts.keySet();
            Stream.concat(
                            Stream.of("all").filter(all -> from == From.GROUP_VARS && !names.contains(all)),
                            names.stream())
                    .forEach(name -> Stream.concat(
                                    Stream.of("", ".yml", ".yaml", ".json").map(ext -> dir + "/" + name + ext),
                                    at.list().apply(dir + "/" + name).stream()
                                            .filter(f -> f.matches(".*\\.(yml|yaml|json)"))
                                            .map(f -> dir + "/" + name + "/" + f))
                            .forEach(file ->
                                    at.read().apply(file).ifPresent(text -> readVarsFile(from, name, text, file))));
            for (String f : at.list().apply(dir)) {
                String name = f.replaceFirst("\\.(yml|yaml|json)$", "");
                if (names.contains(name) || name.equals("all") || name.startsWith(".")) {
                    continue;
                }
                Names.closest(name, names).ifPresent(close -> {
                    throw new TopologyException(
                            dir + "/" + f,
                            0,
                            "",
                            "the inventory " + source + " has no " + what + " '" + name + "' (did you mean '" + close
                                    + "'?); Ansible would ignore this file");
                });
                LOG.info("{}/{}: no {} '{}' in {}; ignored, as Ansible does", dir, f, what, name, source);
            }
        }
    }

    /** The variables of one vars file: a YAML (or JSON) mapping, or nothing. */
    private void readVarsFile(From from, String scope, String content, String file) {
        if (content.startsWith("$ANSIBLE_VAULT")) {
            throw new TopologyException(
                    file, 1, "", "is encrypted with ansible-vault; mesos-harness reads plain vars files only");
        }
        Map<String, TopologyYaml.Spot> spots = TopologyYaml.scan(content, file);
        TopologyYaml.Spot doc = spots.get("");
        if (doc != null && !"".equals(doc.text()) && !doc.shown().equals("a mapping")) {
            throw new TopologyException(
                    file, doc.line(), "", "expected a mapping of variable names to values, got " + doc.shown());
        }
        spots.forEach((path, spot) -> {
            if (!path.isEmpty() && !path.contains(".") && !path.contains("[")) {
                vars.add(new Var(from, scope, path, spot.text(), spot.keyLine(), file));
            }
        });
    }

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
            String found = groups.values().stream()
                    .filter(g -> !g.name.equals("ungrouped") || !g.hosts.isEmpty())
                    .map(g -> "[" + g.name + "]")
                    .collect(Collectors.joining(", "));
            throw fail(
                    0,
                    "",
                    "no agents group: expected one of " + headers(AGENT_GROUPS) + "; found "
                            + (found.isEmpty() ? "no groups" : found));
        }
        List<String> agentHosts = members(AGENT_GROUPS);
        if (agentHosts.isEmpty()) {
            throw fail(agentGroups.get(0).line, "[" + agentGroups.get(0).name + "]", "the agents group has no hosts");
        }
        List<Group> masterGroups = existing(MASTER_GROUPS);
        List<String> masterHosts = members(MASTER_GROUPS);
        int masterLine = masterGroups.isEmpty() ? 0 : masterGroups.get(0).line;
        groups.values().forEach(g -> depth(g, new LinkedHashSet<>()));
        List<String> mesosHosts = Stream.concat(masterHosts.stream(), agentHosts.stream())
                .distinct()
                .toList();
        checkVariables(mesosHosts, options.strictVariables());

        if (masterHosts.isEmpty()) {
            LOG.info("{}: no hosts in a masters group ({}); the topology has 1 master", source, headers(MASTER_GROUPS));
        } else if (masterHosts.size() % 2 == 0) {
            throw fail(
                    masterLine,
                    "[" + masterGroups.get(0).name + "]",
                    masterHosts.size() + " master hosts (" + String.join(", ", masterHosts)
                            + "); a cluster needs 1 or an odd number of at least 3 masters");
        }
        // without masters, the first agent stands in for them
        List<String> masterLike = masterHosts.isEmpty() ? agentHosts.subList(0, 1) : masterHosts;
        Topology.Builder b = Topology.builder().masters(Math.max(1, masterHosts.size()));
        Var cluster = resolvedVars(masterLike.get(0)).get("mesos_cluster");
        use(cluster, "", b::name);
        Var quorum = sameOnEveryMaster(masterHosts, "mesos_quorum");
        use(quorum, "", v -> {
            TopologyException.require(
                    v.strip().matches("\\d{1,3}"), "", "expected a whole number, got '" + v.strip() + "'");
            b.quorum(Integer.parseInt(v.strip()));
        });
        Var masterFlags = sameOnEveryMaster(masterLike, "mesos_master_flags");
        use(masterFlags, "", v -> flags(v).forEach(f -> b.masterSettings(m -> m.flag(f.getKey(), f.getValue()))));
        Map<String, String> names = agentNames(agentHosts);
        agentHosts.forEach(h -> b.agent(agent(h, names.get(h))));
        Topology topology;
        try {
            topology = b.build();
        } catch (TopologyException e) {
            Var v = e.path().equals("name") ? cluster : e.path().equals("quorum") ? quorum : null;
            throw v != null ? e.at(null, v.source(), v.line()) : e.at(null, source, masterLine);
        }
        topology = options.scaleToFit() ? topology.scaledToFitOneMachine() : topology;
        return topology.toBuilder().agents(fold(topology.agents())).build();
    }

    /** The variable as every host has it (an error naming both places when two differ), or null. */
    private Var sameOnEveryMaster(List<String> masterHosts, String name) {
        Var found = null;
        for (String m : masterHosts) {
            Var v = resolvedVars(m).get(name);
            if (v != null && found != null && !Objects.equals(v.value(), found.value())) {
                throw v.error(
                        m + "." + name,
                        "'" + v.value() + "' differs from '" + found.value() + "' (" + found.source() + " line "
                                + found.line() + ")");
            }
            found = v != null ? v : found;
        }
        return found;
    }

    private AgentGroup agent(String host, String name) {
        Map<String, Var> vars = resolvedVars(host);
        AgentGroup[] g = {AgentGroup.named(name)};
        String at = host + ".";
        Var attributes = vars.getOrDefault("mesos_agent_attributes", vars.get("mesos_attributes"));
        use(attributes, at, v -> g[0] = g[0].attributes(v));
        use(vars.getOrDefault("mesos_agent_resources", vars.get("mesos_resources")), at, v -> g[0] = g[0].resources(v));
        use(vars.get("mesos_agent_flags"), at, v -> flags(v).forEach(f -> g[0] = g[0].flag(f.getKey(), f.getValue())));
        use(vars.get("mesos_containerizers"), at, v -> g[0] = g[0].containerizers(List.of(v.split(",", -1))));
        return g[0];
    }

    /**
     * Gives a variable's value, if set, to {@code action}; it must be a literal single value. An error of the action
     * is located at the variable, under {@code prefix} and the variable's name.
     */
    private static void use(Var var, String prefix, Consumer<String> action) {
        if (var == null) {
            return;
        } else if (var.value() == null) {
            throw var.error(var.name(), "expected a single value, got a list or mapping");
        } else if (var.value().contains("{{") || var.value().contains("{%")) {
            throw var.error(var.name(), "'" + var.value() + "' is a Jinja template; give the value literally");
        }
        try {
            action.accept(var.value());
        } catch (TopologyException e) {
            throw e.source().isPresent() ? e : e.at(prefix + var.name(), var.source(), var.line());
        }
    }

    /** {@code mesos_master_flags} / {@code mesos_agent_flags}: {@code --name=value} words separated by spaces. */
    private static List<Map.Entry<String, String>> flags(String value) {
        return Stream.of(value.strip().split("\\s+"))
                .filter(word -> !word.isEmpty())
                .map(word -> {
                    int eq = word.indexOf('=');
                    TopologyException.require(
                            eq > 0,
                            "",
                            "expected --name=value words separated by spaces, got '" + word + "' in '" + value + "'");
                    return Map.entry(word.substring(0, eq), word.substring(eq + 1));
                })
                .toList();
    }

    /**
     * Fails on the first unknown {@code mesos_*} variable anywhere (groups, hosts, vars files), and, when
     * {@code strict}, on any variable of a Mesos host that is neither {@code ansible_*} nor one of {@link #KNOWN}.
     */
    private void checkVariables(List<String> mesosHosts, boolean strict) {
        Set<String> ignored = vars.stream()
                .filter(v -> v.name().equals("mesos_harness_ignore") && v.value() != null)
                .flatMap(v -> Stream.of(v.value().split("[,\\s]+")))
                .collect(Collectors.toSet());
        for (Var v : vars) {
            String at = switch (v.from()) {
                case GROUP -> List.of("all", "ungrouped").contains(v.scope()) ? v.scope() : "[" + v.scope() + ":vars]";
                case GROUP_VARS -> "group_vars " + v.scope();
                case HOST -> v.scope();
                case HOST_VARS -> "host_vars " + v.scope();
            };
            if (v.name().startsWith("mesos_") && !KNOWN.contains(v.name()) && !ignored.contains(v.name())) {
                throw v.error(
                        at + "." + v.name(),
                        Names.unknown("mesos-harness variable", v.name(), KNOWN) + " (if it is for your Ansible roles,"
                                + " list it in mesos_harness_ignore)");
            }
        }
        for (String host : strict ? mesosHosts : List.<String>of()) {
            resolvedVars(host).forEach((name, v) -> {
                if (!name.startsWith("ansible_") && !KNOWN.contains(name) && !ignored.contains(name)) {
                    throw v.error(
                            host + "." + name,
                            Names.unknown("variable", name, KNOWN)
                                    + " (strict variables: a Mesos host may only have ansible_* and these; list"
                                    + " others in mesos_harness_ignore)");
                }
            });
        }
    }

    /** Agent names: the host's first DNS label, or the whole name when that is ambiguous or an IP address. */
    private Map<String, String> agentNames(List<String> agentHosts) {
        Map<String, Long> shortCounts =
                agentHosts.stream().collect(Collectors.groupingBy(Names::shortHostName, Collectors.counting()));
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> taken = new HashMap<>();
        for (String h : agentHosts) {
            String name = Names.unreserved(
                    shortCounts.get(Names.shortHostName(h)) == 1 ? Names.shortHostName(h) : Names.sanitize(h));
            String other = taken.putIfAbsent(name, h);
            if (other != null) {
                throw fail(
                        hosts.get(h),
                        h,
                        "hosts '" + other + "' (line " + hosts.get(other) + ") and '" + h
                                + "' both become the agent name '" + name + "'; rename one of them");
            }
            out.put(h, name);
        }
        return out;
    }

    /**
     * A host's variables in Ansible's precedence: those of the inventory's groups ("all" first, then parents before
     * children, by name within a level), of {@code group_vars/} in the same order, the host's line, {@code host_vars/}.
     */
    private Map<String, Var> resolvedVars(String host) {
        Map<String, Var> out = new LinkedHashMap<>();
        // the host's own variables all have the same scope, so depth and name leave them in order
        vars.stream()
                .filter(v -> v.from().compareTo(From.HOST) >= 0
                        ? v.scope().equals(host)
                        : v.scope().equals("all") || members(List.of(v.scope())).contains(host))
                .sorted(Comparator.comparing(Var::from)
                        .thenComparing(v -> v.scope().equals("all") ? -1 : depth.getOrDefault(v.scope(), 0))
                        .thenComparing(Var::scope))
                .forEach(v -> out.put(v.name(), v));
        return out;
    }

    private int depth(Group g, Set<String> path) {
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
        int d = g.parents.stream()
                .mapToInt(p -> depth(groups.get(p), path) + 1)
                .max()
                .orElse(0);
        path.remove(g.name);
        depth.put(g.name, d);
        return d;
    }

    private List<Group> existing(List<String> names) {
        return names.stream().map(groups::get).filter(Objects::nonNull).toList();
    }

    /** Hosts of these groups and their child groups, in the inventory's order. */
    private List<String> members(List<String> names) {
        Set<String> seen = new HashSet<>();
        Set<String> out = new HashSet<>();
        for (List<Group> next = existing(names); !next.isEmpty(); ) {
            next = next.stream()
                    .filter(g -> seen.add(g.name))
                    .peek(g -> out.addAll(g.hosts))
                    .flatMap(g -> g.children.stream().map(groups::get))
                    .toList();
        }
        return hosts.keySet().stream().filter(out::contains).toList();
    }

    private static String headers(List<String> names) {
        return names.stream().map(n -> "[" + n + "]").collect(Collectors.joining(", "));
    }

    /**
     * Folds agents named {@code p-1 .. p-N} (names are unique) with identical attributes, resources, flags and
     * containerizers into one group {@code p} with count N, where the first of them was: the host names stay the same.
     */
    private static List<AgentGroup> fold(List<AgentGroup> groups) {
        Set<String> names = groups.stream().map(AgentGroup::name).collect(Collectors.toSet());
        Map<String, List<AgentGroup>> byPrefix = groups.stream()
                .filter(g -> g.count() == 1 && g.name().matches(".+-[1-9]\\d{0,5}"))
                .collect(Collectors.groupingBy(
                        g -> g.name().replaceFirst("-\\d+$", ""), LinkedHashMap::new, Collectors.toList()));
        List<AgentGroup> out = new ArrayList<>(groups);
        byPrefix.forEach((prefix, members) -> {
            if (members.size() > 1
                    && !names.contains(prefix)
                    && Names.isDnsLabel(prefix)
                    && !Names.isReservedHostname(prefix)
                    && members.stream()
                            .allMatch(g -> Integer.parseInt(g.name().substring(prefix.length() + 1)) <= members.size()
                                    && renamed(g, prefix).equals(renamed(members.get(0), prefix)))) {
                out.set(
                        out.indexOf(members.get(0)),
                        renamed(members.get(0), prefix).count(members.size()));
                out.removeAll(members.subList(1, members.size()));
            }
        });
        return out;
    }

    private static AgentGroup renamed(AgentGroup g, String name) {
        return new AgentGroup(name, g.count(), g.attributes(), g.resources(), g.flags(), g.containerizers());
    }
}
