package io.mesosharness.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.containers.MesosAttributes;
import io.mesosharness.containers.MesosResources;
import io.mesosharness.placement.AgentPlacement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes down a live cluster as a topology that reproduces it locally, from the leading master's
 * {@code /master/state} and {@code /master/slaves}: the masters (from the quorum), every agent with its attributes
 * kept exactly and its resources scaled to fit one machine, agents of identical attributes and resources folded into
 * one group with a count.
 */
public final class TopologyCapture {
    private static final List<String> KEPT_RESOURCES = List.of("cpus", "mem", "disk", "ports");

    private TopologyCapture() {}

    /** @param name the topology's name; null takes the master's {@code cluster} name, or "captured" */
    public static Topology capture(String name, JsonNode masterState, JsonNode slaves) {
        JsonNode agents = slaves.path("slaves");
        TopologyException.require(
                agents.isArray() && !agents.isEmpty(),
                "/master/slaves",
                "the master lists no agents: nothing to capture");
        int quorum = Math.max(1, masterState.path("flags").path("quorum").asInt(1));
        Topology.Builder builder = Topology.builder()
                .name(
                        name != null
                                ? name
                                : masterState.path("cluster").asText("captured").replaceAll("[^a-zA-Z0-9_.-]", "-"))
                .masters(2 * quorum - 1)
                .quorum(quorum);
        // identical attributes and resources: one group, in the master's order of first appearance
        Map<String, List<JsonNode>> shapes = new LinkedHashMap<>();
        for (JsonNode agent : agents) {
            shapes.computeIfAbsent(
                            attributes(agent).render() + "|" + resources(agent).render(), k -> new ArrayList<>())
                    .add(agent);
        }
        Set<String> used = new LinkedHashSet<>();
        for (List<JsonNode> group : shapes.values()) {
            String groupName = groupName(group.stream()
                    .map(a -> a.path("hostname").asText())
                    .sorted()
                    .toList());
            String unique = groupName;
            for (int n = 2; !used.add(unique); n++) {
                unique = groupName + "-" + n;
            }
            builder.agent(AgentGroup.named(unique)
                    .count(group.size())
                    .attributes(attributes(group.get(0)))
                    .resources(resources(group.get(0))));
        }
        return builder.build().scaledToFitOneMachine();
    }

    /** Attribute values formatted the way Marathon compares them (scalar 3.0 becomes "3"), kept exactly otherwise. */
    private static MesosAttributes attributes(JsonNode agent) {
        Map<String, String> values = new LinkedHashMap<>();
        agent.path("attributes")
                .fields()
                .forEachRemaining(e -> values.put(
                        e.getKey(),
                        AgentPlacement.formatAttribute(
                                e.getValue().isNumber()
                                        ? (Object) e.getValue().doubleValue()
                                        : e.getValue().asText())));
        return MesosAttributes.of(values);
    }

    private static MesosResources resources(JsonNode agent) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : KEPT_RESOURCES) {
            JsonNode value = agent.path("resources").path(name);
            if (value.isNumber()) {
                values.put(name, AgentPlacement.formatScalar(value.doubleValue()));
            } else if (value.isTextual() && !value.asText().isBlank()) {
                values.put(name, value.asText());
            }
        }
        return MesosResources.of(values);
    }

    /** "web-1", "web-2" -> "web"; a single host keeps its own (sanitized) name. */
    private static String groupName(List<String> hosts) {
        List<String> labels = hosts.stream()
                .map(h -> Names.unreserved(Names.shortHostName(h)))
                .toList();
        if (labels.size() == 1) {
            return labels.get(0);
        }
        String prefix = labels.stream()
                .reduce((a, b) -> {
                    int i = Arrays.mismatch(a.toCharArray(), b.toCharArray());
                    return i < 0 ? a : a.substring(0, i);
                })
                .orElseThrow()
                .replaceAll("[-0-9]+$", "");
        return prefix.isEmpty() ? "agent" : prefix;
    }
}
