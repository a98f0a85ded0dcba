package io.mesosharness.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where one Marathon app's running tasks are: every agent of the cluster (also those without tasks of the app, since
 * {@code GROUP_BY} and "spread over" checks need the values nobody uses) with the app's task count.
 */
public record Placement(String appId, List<AgentPlacement> agents) {

    /** Shown in {@link #table(String...)} for an agent that lacks a grouped field. */
    public static final String MISSING = "(missing)";

    public Placement {
        AgentPlacement.require(appId != null && !appId.isBlank(), "appId must not be blank");
        agents = List.copyOf(agents);
        Set<String> ids = new HashSet<>();
        for (AgentPlacement a : agents) {
            AgentPlacement.require(
                    ids.add(a.agentId()), "agent " + a.agentId() + " appears twice in placement " + appId);
        }
    }

    public int totalTasks() {
        return agents.stream().mapToInt(AgentPlacement::tasks).sum();
    }

    /** The agents sorted by hostname (then agent id). */
    public List<AgentPlacement> agentsByHostname() {
        return agents.stream()
                .sorted(Comparator.comparing(AgentPlacement::hostname).thenComparing(AgentPlacement::agentId))
                .toList();
    }

    /**
     * A plain-text view for failure messages: without fields one row per agent ({@code cf-a1  rack:a;zone:z1  2}),
     * with fields one row per combination of their values ({@code rack=a  agents cf-a1, cf-a2  tasks 2}).
     */
    public String table(String... groupByFields) {
        List<String[]> rows = new ArrayList<>();
        if (groupByFields == null || groupByFields.length == 0) {
            rows.add(new String[] {"agent", "attributes", "tasks"});
            agentsByHostname()
                    .forEach(a ->
                            rows.add(new String[] {a.hostname(), a.renderAttributes(), Integer.toString(a.tasks())}));
            return columns(rows);
        }
        Map<String, List<AgentPlacement>> groups = new TreeMap<>();
        for (AgentPlacement agent : agentsByHostname()) {
            List<String> key = new ArrayList<>();
            for (String f : groupByFields) {
                AgentPlacement.require(f != null && !f.isEmpty(), "group-by field must not be empty");
                key.add(f + "=" + agent.fieldValue(f).orElse(MISSING));
            }
            groups.computeIfAbsent(String.join(" ", key), k -> new ArrayList<>())
                    .add(agent);
        }
        groups.forEach((key, agents) -> rows.add(new String[] {
            key,
            "agents "
                    + String.join(
                            ", ", agents.stream().map(AgentPlacement::hostname).toList()),
            "tasks " + agents.stream().mapToInt(AgentPlacement::tasks).sum()
        }));
        return columns(rows);
    }

    /** Left-aligned columns separated by at least two spaces, no trailing blanks. */
    private static String columns(List<String[]> rows) {
        int[] width = new int[rows.isEmpty() ? 0 : rows.get(0).length];
        rows.forEach(row -> {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        });
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(i < width.length - 1 ? String.format("%-" + (width[i] + 2) + "s", row[i]) : row[i]);
            }
            lines.add(line.toString().stripTrailing());
        }
        return String.join("\n", lines);
    }
}
