package io.mesosharness.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Plain-text views of a {@link Placement} for failure messages.
 *
 * <pre>
 * agent  attributes                    tasks
 * cf-a1  rack:a;zone:z1;disk_type:ssd  2
 * cf-a2  rack:a;zone:z2;disk_type:hdd  0
 * </pre>
 * and, grouped by fields:
 * <pre>
 * rack=a  agents cf-a1, cf-a2  tasks 2
 * rack=b  agents cf-b1, cf-b2  tasks 2
 * </pre>
 */
public final class PlacementTable {

    /** Shown for an agent that lacks a grouped field. */
    public static final String MISSING = "(missing)";

    private PlacementTable() {}

    /**
     * Without fields: one row per agent (sorted by hostname) with its attributes and the app's task count. With fields:
     * one row per combination of the fields' values (Marathon-formatted, sorted), listing its agents and task total.
     */
    public static String render(Placement placement, String... groupByFields) {
        Objects.requireNonNull(placement, "placement");
        if (groupByFields == null || groupByFields.length == 0) {
            return agentTable(placement);
        }
        for (String f : groupByFields) {
            if (f == null || f.isEmpty()) {
                throw new IllegalArgumentException("group-by field must not be empty");
            }
        }
        Map<String, List<AgentPlacement>> groups = new TreeMap<>();
        for (AgentPlacement agent : placement.agentsByHostname()) {
            List<String> parts = new ArrayList<>();
            for (String f : groupByFields) {
                parts.add(f + "=" + agent.fieldValue(f).orElse(MISSING));
            }
            groups.computeIfAbsent(String.join(" ", parts), k -> new ArrayList<>())
                    .add(agent);
        }
        List<String[]> rows = new ArrayList<>();
        groups.forEach((key, agents) -> rows.add(new String[] {
            key,
            "agents "
                    + String.join(
                            ", ", agents.stream().map(AgentPlacement::hostname).toList()),
            "tasks " + agents.stream().mapToInt(AgentPlacement::tasks).sum()
        }));
        return columns(rows);
    }

    private static String agentTable(Placement placement) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"agent", "attributes", "tasks"});
        for (AgentPlacement agent : placement.agentsByHostname()) {
            rows.add(new String[] {agent.hostname(), agent.renderAttributes(), Integer.toString(agent.tasks())});
        }
        return columns(rows);
    }

    /** Left-aligned columns separated by at least two spaces, no trailing blanks. */
    static String columns(List<String[]> rows) {
        int n = rows.isEmpty() ? 0 : rows.get(0).length;
        int[] width = new int[n];
        for (String[] row : rows) {
            for (int i = 0; i < n; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                out.append('\n');
            }
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                line.append(row[i]);
                if (i < n - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing());
        }
        return out.toString();
    }
}
