package io.mesosharness.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * A Marathon pod definition ({@code /v2/pods}): containers that Mesos' default executor starts together on one agent,
 * sharing its network and the pod's {@code volumes}. Loaded like a {@link MarathonApp} (file, classpath resource or
 * string, with {@code ${VAR}} placeholders); every field written is sent. On construction the definition is checked:
 * an id that follows Marathon's rules, at least one container, each with a name of its own; a problem names the field,
 * the value, the source and the line.
 */
public final class MarathonPod {

    static final String WHAT = "Marathon pod definition";

    private final DefinitionText text;

    /** A definition read elsewhere (e.g. one pod of a {@link MarathonGroup}), checked like a loaded one. */
    MarathonPod(DefinitionText text) {
        this.text = text;
        check();
    }

    /** Loads a pod definition from a JSON file, substituting {@code ${VAR}} from the environment. */
    public static MarathonPod fromFile(Path file) {
        return fromFile(file, Map.of());
    }

    /** Like {@link #fromFile(Path)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonPod fromFile(Path file, Map<String, ?> variables) {
        return new MarathonPod(DefinitionText.file(WHAT, file, variables));
    }

    /** Loads a pod definition from a classpath resource (e.g. {@code pods/web.json}). */
    public static MarathonPod fromResource(String classpathResource) {
        return fromResource(classpathResource, Map.of());
    }

    /** Like {@link #fromResource(String)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonPod fromResource(String classpathResource, Map<String, ?> variables) {
        return new MarathonPod(DefinitionText.resource(WHAT, classpathResource, variables));
    }

    /** Parses a pod definition given as JSON text. */
    public static MarathonPod fromJson(String json) {
        return fromJson(json, Map.of());
    }

    /** Like {@link #fromJson(String)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonPod fromJson(String json, Map<String, ?> variables) {
        return new MarathonPod(DefinitionText.string(WHAT, json, variables));
    }

    /** The pod id, normalised with a leading '/'. */
    public String id() {
        String id = text.json().get("id").asText();
        return id.startsWith("/") ? id : "/" + id;
    }

    /** Where the definition came from, for messages. */
    public String source() {
        return text.source();
    }

    /** {@code scaling.instances}; Marathon's default is 1. */
    public int instances() {
        return text.json().path("scaling").path("instances").asInt(1);
    }

    /** The names of the pod's volumes ({@code volumes[].name}). */
    public List<String> volumeNames() {
        return StreamSupport.stream(text.json().path("volumes").spliterator(), false)
                .map(v -> v.path("name").asText())
                .toList();
    }

    /** The placement constraints ({@code scheduling.placement.constraints}) as app-style lists: [field, op, value?]. */
    public List<List<String>> constraints() {
        return constraintLists(text.json());
    }

    /** The definition as compact JSON, exactly the fields written. */
    public String toJson() {
        return text.json().toString();
    }

    /** The same definition under another id (checked like the original). */
    public MarathonPod withId(String id) {
        return new MarathonPod(text.with(text.json().deepCopy().put("id", id)));
    }

    /** A pod spec's {@code scheduling.placement.constraints} ({@code fieldName, operator, value?} objects) as lists. */
    static List<List<String>> constraintLists(JsonNode spec) {
        List<List<String>> result = new ArrayList<>();
        for (JsonNode c : spec.path("scheduling").path("placement").path("constraints")) {
            List<String> one = new ArrayList<>(
                    List.of(c.path("fieldName").asText(), c.path("operator").asText()));
            if (c.hasNonNull("value")) {
                one.add(c.get("value").asText());
            }
            result.add(List.copyOf(one));
        }
        return List.copyOf(result);
    }

    private void check() {
        JsonNode id = text.json().get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw text.problem("id", id, "is missing: a pod needs an id such as /web");
        }
        String bad = DefinitionText.badId(id.asText());
        if (bad != null) {
            throw text.problem("id", id.asText(), "is not a Marathon id: " + bad);
        }
        JsonNode containers = text.json().get("containers");
        if (containers == null || !containers.isArray() || containers.isEmpty()) {
            throw text.problem(
                    "containers",
                    containers,
                    "must list at least one container (Marathon answers 422 \"error.minLength\"): a pod is the"
                            + " containers Mesos starts together");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode name = containers.get(i).get("name");
            String field = "containers[" + i + "].name";
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw text.problem(field, name, "is missing: every container of a pod needs a name");
            }
            if (!names.add(name.asText())) {
                throw text.problem(field, name.asText(), "is the name of another container of the pod too");
            }
        }
        JsonNode instances = text.json().path("scaling").get("instances");
        if (instances != null && !(instances.isIntegralNumber() && instances.asInt() >= 0)) {
            throw text.problem("scaling.instances", instances, "must be an integer >= 0");
        }
    }

    @Override
    public String toString() {
        return "MarathonPod " + id() + " from " + source() + ": " + toJson();
    }
}
