package io.mesosharness.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the captured section-A payloads (Mesos 1.12 + Marathon 1.8, 4 agents) from the test classpath. */
final class CapturedFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private CapturedFixtures() {}

    static JsonNode json(String name) {
        String path = "/captured/faults/" + name;
        try (InputStream in = CapturedFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("fixture missing on the classpath: " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode slaves() {
        return json("A-master-slaves.json");
    }

    static JsonNode tasks() {
        return json("A-master-tasks.json");
    }

    /** The real placement of a captured app (e.g. {@code /a03}): its running tasks (by name) over every agent. */
    @SuppressWarnings("unchecked")
    static Placement placement(String appId) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode t : tasks().path("tasks")) {
            if (t.path("name").asText().equals(appId.substring(1))
                    && t.path("state").asText().equals("TASK_RUNNING")) {
                counts.merge(t.path("slave_id").asText(), 1, Integer::sum);
            }
        }
        List<AgentPlacement> agents = new ArrayList<>();
        for (JsonNode s : slaves().path("slaves")) {
            String id = s.path("id").asText();
            Map<String, Object> attributes = MAPPER.convertValue(s.path("attributes"), Map.class);
            agents.add(new AgentPlacement(id, s.path("hostname").asText(), attributes, counts.getOrDefault(id, 0)));
        }
        return new Placement(appId, agents);
    }

    /** The constraints of the app as Marathon returned them in {@code A*-app.json}. */
    static List<Constraint> constraintsOf(String appFile) {
        JsonNode app = json(appFile).path("app");
        return Constraint.parseAll(stringLists(app.path("constraints")));
    }

    static List<List<String>> stringLists(JsonNode array) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode c : array) {
            List<String> parts = new ArrayList<>();
            c.forEach(p -> parts.add(p.isNull() ? null : p.asText()));
            out.add(parts);
        }
        return out;
    }

    /** The placement with the task counts of the named hosts replaced (a modified real placement). */
    static Placement withTasks(Placement p, Map<String, Integer> tasksByHostname) {
        List<AgentPlacement> agents = new ArrayList<>();
        for (AgentPlacement a : p.agents()) {
            agents.add(new AgentPlacement(
                    a.agentId(), a.hostname(), a.attributes(), tasksByHostname.getOrDefault(a.hostname(), a.tasks())));
        }
        if (!agents.stream().map(AgentPlacement::hostname).toList().containsAll(tasksByHostname.keySet())) {
            throw new IllegalArgumentException("unknown hostname in " + tasksByHostname);
        }
        return new Placement(p.appId(), agents);
    }
}
