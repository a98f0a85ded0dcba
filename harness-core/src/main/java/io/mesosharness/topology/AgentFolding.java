package io.mesosharness.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Folds numbered identical agents of an imported inventory into one group with a count. */
final class AgentFolding {
    private static final Pattern NUMBERED = Pattern.compile("(.+)-([1-9]\\d{0,5})");

    private AgentFolding() {}

    /**
     * Folds agents named {@code p-1 .. p-N} with identical attributes, resources and flags into one group {@code p} with
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
                        && g.flags().equals(first.flags())
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
                        .flags(first.flags())
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
}
