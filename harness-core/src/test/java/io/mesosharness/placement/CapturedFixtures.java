package io.mesosharness.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the captured section-A payloads (Mesos 1.12 + Marathon 1.8, 4 agents) from the test classpath. */
final class CapturedFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String FRAMEWORK_ID = "9460f5a8-330b-4841-8bb8-fc22a4e38902-0000";

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

    /** The real placement of a captured app (e.g. {@code /a03}) from the master's state. */
    static Placement placement(String appId) {
        return Placements.fromMesos(appId, slaves(), tasks());
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
            agents.add(a.withTasks(tasksByHostname.getOrDefault(a.hostname(), a.tasks())));
        }
        if (!agents.stream().map(AgentPlacement::hostname).toList().containsAll(tasksByHostname.keySet())) {
            throw new IllegalArgumentException("unknown hostname in " + tasksByHostname);
        }
        return new Placement(p.appId(), agents);
    }
}
