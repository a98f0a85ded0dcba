package io.mesosharness.topology;

import io.mesosharness.topology.AnsibleInventoryParser.Group;
import io.mesosharness.topology.AnsibleInventoryParser.Host;
import io.mesosharness.topology.AnsibleInventoryParser.Var;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The inventory variables mesos-harness reads, and the check that no other {@code mesos_*} variable is given (a typo
 * such as {@code mesos_atributes} would otherwise give an agent without attributes).
 */
final class AnsibleVariables {
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

    static final List<String> KNOWN = List.of(
            "mesos_agent_attributes",
            "mesos_attributes",
            "mesos_agent_resources",
            "mesos_resources",
            QUORUM_VAR,
            CLUSTER_VAR,
            MASTER_FLAGS_VAR,
            AGENT_FLAGS_VAR,
            CONTAINERIZERS_VAR,
            IGNORE_VAR);

    private AnsibleVariables() {}

    /**
     * Fails on the first unknown {@code mesos_*} variable anywhere (groups, hosts, vars files), and, when
     * {@code strict}, on any variable of a Mesos host that is neither {@code ansible_*} nor one of {@link #KNOWN}.
     */
    static void check(
            AnsibleInventoryParser inventory,
            List<String> mesosHosts,
            boolean strict,
            Map<String, Map<String, Var>> resolvedByHost) {
        Set<String> ignored = ignored(inventory);
        for (Group g : inventory.groups.values()) {
            String at = g.name.equals("all") || g.name.equals("ungrouped") ? g.name : "[" + g.name + ":vars]";
            checkMesos(inventory, at, g.vars, ignored);
            checkMesos(inventory, "group_vars " + g.name, g.fileVars, ignored);
        }
        for (Host h : inventory.hosts.values()) {
            checkMesos(inventory, h.name, h.vars, ignored);
            checkMesos(inventory, "host_vars " + h.name, h.fileVars, ignored);
        }
        if (!strict) {
            return;
        }
        for (String host : mesosHosts) {
            for (Map.Entry<String, Var> e : resolvedByHost.get(host).entrySet()) {
                String name = e.getKey();
                if (!name.startsWith("ansible_") && !KNOWN.contains(name) && !ignored.contains(name)) {
                    Var v = e.getValue();
                    throw new TopologyException(
                            v.source(),
                            v.line(),
                            host + "." + name,
                            Names.unknown("variable", name, KNOWN)
                                    + " (strict variables: a Mesos host may only have ansible_* and these; list"
                                    + " others in " + IGNORE_VAR + ")");
                }
            }
        }
    }

    private static void checkMesos(
            AnsibleInventoryParser inventory, String at, Map<String, Var> vars, Set<String> ignored) {
        for (Map.Entry<String, Var> e : vars.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("mesos_") && !KNOWN.contains(name) && !ignored.contains(name)) {
                Var v = e.getValue();
                throw new TopologyException(
                        v.source(),
                        v.line(),
                        at + "." + name,
                        Names.unknown("mesos-harness variable", name, KNOWN) + " (if it is for your Ansible roles, "
                                + "list it in " + IGNORE_VAR + ")");
            }
        }
    }

    private static Set<String> ignored(AnsibleInventoryParser inventory) {
        Set<String> out = new LinkedHashSet<>();
        List<Map<String, Var>> all = new ArrayList<>();
        inventory.groups.values().forEach(g -> {
            all.add(g.vars);
            all.add(g.fileVars);
        });
        inventory.hosts.values().forEach(h -> {
            all.add(h.vars);
            all.add(h.fileVars);
        });
        for (Map<String, Var> vars : all) {
            Var v = vars.get(IGNORE_VAR);
            if (v != null && v.isScalar()) {
                for (String name : v.value().split("[,\\s]+")) {
                    if (!name.isBlank()) {
                        out.add(name.strip());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Parses {@code mesos_master_flags} / {@code mesos_agent_flags}: {@code --name=value} (or {@code name=value})
     * words separated by spaces.
     */
    static void flags(Var var, String path, BiConsumer<String, String> flag) {
        for (String word : var.value().strip().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new TopologyException(
                        var.source(),
                        var.line(),
                        path,
                        "expected --name=value words separated by spaces, got '" + word + "' in '" + var.value() + "'");
            }
            String name = word.substring(0, eq);
            try {
                flag.accept(name, word.substring(eq + 1));
            } catch (TopologyException e) {
                throw new TopologyException(var.source(), var.line(), path, e.problem(), e);
            }
        }
    }
}
