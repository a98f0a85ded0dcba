package io.mesosharness.topology;

import io.mesosharness.topology.YamlNodes.Kind;
import io.mesosharness.topology.YamlNodes.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Reads the YAML topology format; keeps the line of every value so errors can name it. */
final class YamlTopologyReader {
    static final List<String> TOP_FIELDS =
            List.of("name", "masters", "quorum", "agents", "agentFlags", "marathon", "zookeeper", "masterSettings");
    static final List<String> AGENT_FIELDS =
            List.of("name", "count", "attributes", "resources", "flags", "containerizers");
    static final List<String> MARATHON_FIELDS =
            List.of("role", "principal", "features", "minReviveOffersInterval", "flags");
    static final List<String> ZOOKEEPER_FIELDS = List.of("image");
    static final List<String> MASTER_FIELDS = List.of("agentPingTimeout", "maxAgentPingTimeouts", "registry", "flags");

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

    private final String source;
    private final Map<String, Integer> lines = new HashMap<>();

    private YamlTopologyReader(String source) {
        this.source = source;
    }

    static Topology read(String content, String source) {
        YamlTopologyReader reader = new YamlTopologyReader(source);
        return reader.interpret(YamlNodes.parse(content, source, TOP_FIELDS));
    }

    // ---- meaning -----------------------------------------------------------------------------------------------

    private Topology interpret(Node root) {
        if (root.kind != Kind.MAP) {
            throw new TopologyException(
                    source,
                    root.line,
                    "",
                    "expected a mapping with the fields " + String.join(", ", TOP_FIELDS) + ", got " + root.describe());
        }
        checkFields(root, "", TOP_FIELDS);
        Topology.Builder b = Topology.builder();
        value(root, "name", "name", n -> b.name(text(n, "name")));
        value(root, "masters", "masters", n -> b.masters(integer(n, "masters")));
        value(root, "quorum", "quorum", n -> b.quorum(integer(n, "quorum")));
        Node agents = root.fields.get("agents");
        if (agents != null && agents.kind != Kind.NULL) {
            lines.put("agents", agents.line);
            if (agents.kind != Kind.LIST) {
                throw fail(agents.line, "agents", "expected a list of agents (- name: ...), got " + agents.describe());
            }
            for (int i = 0; i < agents.items.size(); i++) {
                b.agent(agent(agents.items.get(i), "agents[" + i + "]"));
            }
        }
        flags(root, "agentFlags", "agentFlags", b::agentFlag);
        Node marathon = section(root, "marathon", MARATHON_FIELDS);
        if (marathon != null) {
            value(marathon, "role", "marathon.role", n -> b.marathon(m -> m.role(text(n, "marathon.role"))));
            value(
                    marathon,
                    "principal",
                    "marathon.principal",
                    n -> b.marathon(m -> m.principal(text(n, "marathon.principal"))));
            value(marathon, "features", "marathon.features", n -> b.marathon(m -> m.features(features(n))));
            value(
                    marathon,
                    "minReviveOffersInterval",
                    "marathon.minReviveOffersInterval",
                    n -> b.marathon(m ->
                            m.minReviveOffersInterval(Durations.parse(text(n, "marathon.minReviveOffersInterval")))));
            flags(marathon, "flags", "marathon.flags", (k, v) -> b.marathon(m -> m.flag(k, v)));
        }
        Node zookeeper = section(root, "zookeeper", ZOOKEEPER_FIELDS);
        if (zookeeper != null) {
            value(
                    zookeeper,
                    "image",
                    "zookeeper.image",
                    n -> b.zookeeper(ZooKeeperSettings.withImage(text(n, "zookeeper.image"))));
        }
        Node master = section(root, "masterSettings", MASTER_FIELDS);
        if (master != null) {
            value(
                    master,
                    "agentPingTimeout",
                    "masterSettings.agentPingTimeout",
                    n -> b.masterSettings(
                            m -> m.agentPingTimeout(Durations.parse(text(n, "masterSettings.agentPingTimeout")))));
            value(
                    master,
                    "maxAgentPingTimeouts",
                    "masterSettings.maxAgentPingTimeouts",
                    n -> b.masterSettings(
                            m -> m.maxAgentPingTimeouts(integer(n, "masterSettings.maxAgentPingTimeouts"))));
            value(
                    master,
                    "registry",
                    "masterSettings.registry",
                    n -> b.masterSettings(
                            m -> m.registry(MasterSettings.Registry.parse(text(n, "masterSettings.registry")))));
            flags(master, "flags", "masterSettings.flags", (k, v) -> b.masterSettings(m -> m.flag(k, v)));
        }
        try {
            return b.build();
        } catch (TopologyException e) {
            throw e.locatedAt(source, lineOf(e.path(), root.line));
        }
    }

    private AgentGroup agent(Node n, String path) {
        lines.put(path, n.line);
        if (n.kind != Kind.MAP) {
            throw fail(n.line, path, "expected an agent (name, count, attributes, resources), got " + n.describe());
        }
        checkFields(n, path, AGENT_FIELDS);
        Node name = n.fields.get("name");
        if (name == null || name.kind == Kind.NULL) {
            throw fail(n.line, path + ".name", "missing: every agent needs a name");
        }
        lines.put(path + ".name", name.line);
        AgentGroup[] group = {call(path + ".name", name.line, () -> AgentGroup.named(text(name, path + ".name")))};
        value(n, "count", path + ".count", c -> group[0] = group[0].count(integer(c, path + ".count")));
        value(n, "attributes", path + ".attributes", a -> {
            if (a.kind == Kind.MAP) {
                group[0] = group[0].attributes(textMap(a, path + ".attributes"));
            } else {
                group[0] = group[0].attributes(text(a, path + ".attributes"));
            }
        });
        value(n, "resources", path + ".resources", r -> {
            if (r.kind == Kind.MAP) {
                group[0] = group[0].resources(textMap(r, path + ".resources"));
            } else {
                group[0] = group[0].resources(text(r, path + ".resources"));
            }
        });
        flags(n, "flags", path + ".flags", (k, v) -> group[0] = group[0].flag(k, v));
        value(
                n,
                "containerizers",
                path + ".containerizers",
                c -> group[0] = group[0].containerizers(textList(c, path + ".containerizers")));
        return group[0];
    }

    /** A {@code flags:} mapping of flag name (without --) to value; a value left empty is passed as "". */
    private void flags(Node map, String field, String path, java.util.function.BiConsumer<String, String> flag) {
        Node flags = map.fields.get(field);
        if (flags == null || flags.kind == Kind.NULL) {
            return;
        }
        lines.put(path, flags.line);
        if (flags.kind != Kind.MAP) {
            throw fail(flags.line, path, "expected a mapping of flag name to value, got " + flags.describe());
        }
        flags.fields.forEach((key, n) -> apply(
                path + "." + key,
                n.line,
                () -> flag.accept(key, n.kind == Kind.NULL ? "" : text(n, path + "." + key))));
    }

    /** A list ({@code [docker, mesos]}) or a comma-separated text ({@code docker,mesos}). */
    private List<String> textList(Node n, String path) {
        List<String> out = new ArrayList<>();
        if (n.kind == Kind.LIST) {
            for (int i = 0; i < n.items.size(); i++) {
                out.add(text(n.items.get(i), path + "[" + i + "]"));
            }
        } else {
            for (String part : text(n, path).split(",")) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private List<String> features(Node n) {
        List<String> out = new ArrayList<>();
        if (n.kind == Kind.LIST) {
            for (int i = 0; i < n.items.size(); i++) {
                out.add(text(n.items.get(i), "marathon.features[" + i + "]"));
            }
        } else {
            for (String f : text(n, "marathon.features").split(",")) {
                if (!f.isBlank()) {
                    out.add(f.trim());
                }
            }
        }
        return out;
    }

    private Node section(Node root, String field, List<String> allowed) {
        Node n = root.fields.get(field);
        if (n == null || n.kind == Kind.NULL) {
            return null;
        }
        lines.put(field, n.line);
        if (n.kind != Kind.MAP) {
            throw fail(
                    n.line,
                    field,
                    "expected a mapping with the fields " + String.join(", ", allowed) + ", got " + n.describe());
        }
        checkFields(n, field, allowed);
        return n;
    }

    /** Applies {@code action} to the field's value if it is given (and not null), locating any error there. */
    private void value(Node map, String field, String path, java.util.function.Consumer<Node> action) {
        Node n = map.fields.get(field);
        if (n == null || n.kind == Kind.NULL) {
            return;
        }
        lines.put(path, n.line);
        apply(path, n.line, () -> action.accept(n));
    }

    private void apply(String path, int line, Runnable action) {
        call(path, line, () -> {
            action.run();
            return null;
        });
    }

    private <T> T call(String path, int line, Supplier<T> action) {
        try {
            return action.get();
        } catch (TopologyException e) {
            if (e.source().isPresent()) {
                throw e;
            }
            throw e.withPath(path).locatedAt(source, line);
        } catch (IllegalArgumentException e) {
            throw new TopologyException(source, line, path, e.getMessage(), e);
        }
    }

    private void checkFields(Node map, String path, List<String> allowed) {
        for (Map.Entry<String, Node> e : map.fields.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                String hint = path.isEmpty() && ("all".equals(e.getKey()) || "children".equals(e.getKey()))
                        ? " (this looks like an Ansible YAML inventory; mesos-harness reads Ansible INI inventories)"
                        : "";
                throw fail(map.keyLines.get(e.getKey()), field, Names.unknown("field", e.getKey(), allowed) + hint);
            }
        }
    }

    private String text(Node n, String path) {
        if (n.kind != Kind.SCALAR) {
            throw fail(n.line, path, "expected a single value, got " + n.describe());
        }
        return n.text;
    }

    private int integer(Node n, String path) {
        String t = text(n, path).trim();
        if (!INTEGER.matcher(t).matches()) {
            throw fail(n.line, path, "expected a whole number, got '" + t + "'");
        }
        return Integer.parseInt(t);
    }

    private Map<String, String> textMap(Node map, String path) {
        Map<String, String> out = new LinkedHashMap<>();
        map.fields.forEach((k, v) -> {
            if (v.kind != Kind.SCALAR) {
                throw fail(v.line, path + "." + k, "expected a text or number value, got " + v.describe());
            }
            out.put(k, v.text);
        });
        return out;
    }

    private int lineOf(String path, int fallback) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return fallback;
    }

    private TopologyException fail(int line, String path, String problem) {
        return new TopologyException(source, line, path, problem, null);
    }
}
