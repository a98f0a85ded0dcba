package io.mesosharness.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.containers.MesosAttributes;
import io.mesosharness.containers.MesosResources;
import io.mesosharness.placement.AgentPlacement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes down a live cluster as a topology that reproduces it locally: the masters (from the leader's quorum), every
 * agent with its attributes kept exactly, resource shapes scaled down to fit one machine, and agents with identical
 * attributes and resources folded into one group with a count.
 *
 * <p>Input: the leading master's {@code /master/state} and {@code /master/slaves} documents.
 */
public final class TopologyCapture {

    private static final List<String> KEPT_RESOURCES = List.of("cpus", "mem", "disk", "ports");

    private TopologyCapture() {}

    /**
     * @param name        the topology's name; null takes the master's {@code cluster} name, or "captured"
     * @param masterState the leader's {@code /master/state}
     * @param slaves      the leader's {@code /master/slaves}
     */
    public static Topology capture(String name, JsonNode masterState, JsonNode slaves) {
        JsonNode agents = slaves.path("slaves");
        if (!agents.isArray() || agents.isEmpty()) {
            throw new TopologyException("/master/slaves", "the master lists no agents: nothing to capture");
        }
        String topologyName = name != null
                ? name
                : masterState.path("cluster").asText("captured").replaceAll("[^a-zA-Z0-9_.-]", "-");
        int quorum = Math.max(1, masterState.path("flags").path("quorum").asInt(1));

        // identical attributes + resources -> one group, in the master's order of first appearance
        Map<String, List<JsonNode>> shapes = new LinkedHashMap<>();
        for (JsonNode agent : agents) {
            String key = attributes(agent).render() + "|" + resources(agent).render();
            shapes.computeIfAbsent(key, k -> new ArrayList<>()).add(agent);
        }
        Topology.Builder builder =
                Topology.builder().name(topologyName).masters(2 * quorum - 1).quorum(quorum);
        Set<String> used = new LinkedHashSet<>();
        for (List<JsonNode> group : shapes.values()) {
            List<String> hosts = group.stream()
                    .map(a -> a.path("hostname").asText())
                    .sorted()
                    .toList();
            String groupName = unique(groupName(hosts), used);
            builder.agent(AgentGroup.named(groupName)
                    .count(group.size())
                    .attributes(attributes(group.get(0)))
                    .resources(resources(group.get(0))));
        }
        return builder.build().scaledToFitOneMachine();
    }

    /** Attribute values formatted the way Marathon compares them (scalar 3.0 becomes "3"), kept exactly otherwise. */
    private static MesosAttributes attributes(JsonNode agent) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = agent.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Object value = e.getValue().isNumber()
                    ? (Object) e.getValue().doubleValue()
                    : e.getValue().asText();
            values.put(e.getKey(), AgentPlacement.formatAttribute(value));
        }
        return MesosAttributes.of(values);
    }

    private static MesosResources resources(JsonNode agent) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode resources = agent.path("resources");
        for (String name : KEPT_RESOURCES) {
            JsonNode value = resources.path(name);
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
        List<String> labels = hosts.stream().map(TopologyCapture::hostLabel).toList();
        if (labels.size() == 1) {
            return labels.get(0);
        }
        String prefix = labels.get(0);
        for (String label : labels) {
            int i = 0;
            while (i < prefix.length() && i < label.length() && prefix.charAt(i) == label.charAt(i)) {
                i++;
            }
            prefix = prefix.substring(0, i);
        }
        prefix = prefix.replaceAll("[-0-9]+$", "");
        return prefix.isEmpty() ? "agent" : prefix;
    }

    private static String hostLabel(String hostname) {
        String sanitized = Names.shortHostName(hostname);
        return Names.isReservedHostname(sanitized) ? sanitized + "-agent" : sanitized;
    }

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }
}
