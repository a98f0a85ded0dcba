package io.mesosharness.placement;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link Placement} from the Mesos master's {@code GET /master/slaves} and {@code GET /master/tasks} answers.
 *
 * <p>Marathon names an app's Mesos tasks after the app id: the task id is
 * {@code <path with "/" replaced by "_">.<instance part>} (Marathon 1.8: {@code web.instance-<uuid>._app.1}; older:
 * {@code web.<uuid>}), and the task name is the path reversed and joined with dots ({@code /shop/web} →
 * {@code web.shop}). A task belongs to the app when its id starts with {@code <safe path>.} and its name (if any) is
 * the app's task name; only {@code TASK_RUNNING} tasks count. Pods (tasks named after their containers) are not
 * covered. Note that {@code /master/tasks} returns at most 100 tasks unless asked with {@code ?limit=}.
 */
public final class Placements {

    private Placements() {}

    /** The app's running tasks over all agents listed in {@code slaves}, tasks of any framework. */
    public static Placement fromMesos(String appId, JsonNode slaves, JsonNode tasks) {
        return fromMesos(appId, slaves, tasks, null);
    }

    /**
     * Like {@link #fromMesos(String, JsonNode, JsonNode)}, counting only tasks of the given framework (Marathon's
     * framework id, {@code framework_id} of the tasks); {@code null} means any framework.
     *
     * @throws IllegalArgumentException if the JSON lacks {@code slaves}/{@code tasks} arrays or required fields, or a
     *                                  running task of the app sits on an agent that {@code slaves} does not list
     */
    public static Placement fromMesos(String appId, JsonNode slaves, JsonNode tasks, String frameworkId) {
        List<String> path = appPath(appId);
        String canonicalId = "/" + String.join("/", path);
        String safePrefix = String.join("_", path) + ".";
        List<String> reversed = new ArrayList<>(path);
        java.util.Collections.reverse(reversed);
        String taskName = String.join(".", reversed);

        JsonNode slaveArray = array(slaves, "slaves", "/master/slaves");
        Map<String, AgentPlacement> agents = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode s : slaveArray) {
            String id = text(s, "id", "slaves[" + i + "]");
            String hostname = text(s, "hostname", "slaves[" + i + "] (" + id + ")");
            Map<String, Object> attributes = new LinkedHashMap<>();
            JsonNode attrs = s.path("attributes");
            if (attrs.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = attrs.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode v = e.getValue();
                    if (v.isNumber()) {
                        attributes.put(e.getKey(), v.numberValue());
                    } else if (v.isTextual()) {
                        attributes.put(e.getKey(), v.textValue());
                    } else {
                        throw new IllegalArgumentException("attribute " + e.getKey() + " of agent " + hostname
                                + " is neither text nor a number: " + v);
                    }
                }
            }
            agents.put(id, new AgentPlacement(id, hostname, attributes, 0));
            i++;
        }

        Map<String, Integer> counts = new LinkedHashMap<>();
        i = 0;
        for (JsonNode t : array(tasks, "tasks", "/master/tasks")) {
            String where = "tasks[" + i++ + "]";
            String id = text(t, "id", where);
            if (!id.startsWith(safePrefix)) {
                continue;
            }
            Optional<String> name = optionalText(t, "name");
            if (name.isPresent() && !name.get().equals(taskName)) {
                continue;
            }
            if (frameworkId != null
                    && !frameworkId.equals(t.path("framework_id").asText(null))) {
                continue;
            }
            if (!"TASK_RUNNING".equals(t.path("state").asText(null))) {
                continue;
            }
            String agentId = text(t, "slave_id", where + " (" + id + ")");
            if (!agents.containsKey(agentId)) {
                throw new IllegalArgumentException("task " + id + " of " + canonicalId + " runs on agent " + agentId
                        + ", which /master/slaves does not list (known: " + agents.keySet() + ")");
            }
            counts.merge(agentId, 1, Integer::sum);
        }
        List<AgentPlacement> result = new ArrayList<>();
        agents.forEach((id, a) -> result.add(a.withTasks(counts.getOrDefault(id, 0))));
        return new Placement(canonicalId, result);
    }

    private static List<String> appPath(String appId) {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("appId must not be blank");
        }
        List<String> path =
                Arrays.stream(appId.trim().split("/")).filter(p -> !p.isEmpty()).toList();
        if (path.isEmpty()) {
            throw new IllegalArgumentException("appId " + appId + " names no app");
        }
        return path;
    }

    private static JsonNode array(JsonNode root, String name, String endpoint) {
        Objects.requireNonNull(root, endpoint + " JSON");
        JsonNode a = root.isArray() ? root : root.path(name);
        if (!a.isArray()) {
            throw new IllegalArgumentException(endpoint + " JSON has no \"" + name + "\" array");
        }
        return a;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw new IllegalArgumentException(where + " has no \"" + field + "\" string");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
