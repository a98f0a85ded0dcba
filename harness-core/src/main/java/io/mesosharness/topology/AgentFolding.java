package io.mesosharness.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Folds numbered identical agents of an imported inventory into one group with a count. */
final class AgentFolding {
    private static final Pattern NUMBERED = Pattern.compile("(.+)-([1-9]\\d{0,5})");

    private AgentFolding() {}

    /**
     * Folds agents named {@code p-1 .. p-N} with identical attributes, resources, flags and containerizers into one
     * group {@code p} with count N, where {@code p-1} was: the host names stay exactly the same, only the file gets
     * shorter.
     */
    static List<AgentGroup> fold(List<AgentGroup> groups) {
        Set<String> names = groups.stream().map(AgentGroup::name).collect(Collectors.toSet());
        Map<String, List<AgentGroup>> byPrefix = new LinkedHashMap<>();
        for (AgentGroup g : groups) {
            Matcher m = NUMBERED.matcher(g.name());
            if (g.count() == 1 && m.matches()) {
                byPrefix.computeIfAbsent(m.group(1), p -> new ArrayList<>()).add(g);
            }
        }
        Map<AgentGroup, AgentGroup> replaced = new LinkedHashMap<>();
        byPrefix.forEach((prefix, members) -> {
            AgentGroup first = members.get(0);
            Set<String> expected = IntStream.rangeClosed(1, members.size())
                    .mapToObj(n -> prefix + "-" + n)
                    .collect(Collectors.toSet());
            boolean same = members.size() > 1
                    && !names.contains(prefix)
                    && members.stream()
                            .allMatch(g -> expected.contains(g.name())
                                    && g.attributes().equals(first.attributes())
                                    && g.resources().equals(first.resources())
                                    && g.flags().equals(first.flags())
                                    && g.containerizers().equals(first.containerizers()));
            if (!same) {
                return;
            }
            AgentGroup folded;
            try {
                folded = new AgentGroup(
                        prefix,
                        members.size(),
                        first.attributes(),
                        first.resources(),
                        first.flags(),
                        first.containerizers());
            } catch (TopologyException notANameForAGroup) {
                return;
            }
            members.forEach(g -> replaced.put(g, g == first ? folded : null));
        });
        return groups.stream()
                .filter(g -> !replaced.containsKey(g) || replaced.get(g) != null)
                .map(g -> replaced.getOrDefault(g, g))
                .toList();
    }
}
