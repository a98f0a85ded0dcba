package io.mesosharness.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A Marathon pod definition ({@code /v2/pods}): containers that Mesos' default executor starts together on one agent,
 * sharing its network and the pod's {@code volumes}. Loaded like a {@link MarathonApp} (file, classpath resource or
 * string, with {@code ${VAR}} placeholders); every field written is sent. On construction the definition is checked:
 * an id that follows Marathon's rules, at least one container, each with a name of its own; a problem names the field,
 * the value, the source and the line.
 */
public final class MarathonPod {

    private static final String WHAT = "Marathon pod definition";

    private final ObjectNode json;
    private final String source;

    /** A definition read elsewhere (e.g. one pod of a {@link MarathonGroup}), checked like a loaded one. */
    MarathonPod(ObjectNode json, String source, Map<String, Integer> lines) {
        this.json = json;
        this.source = source;
        check(lines);
    }

    /** Loads a pod definition from a JSON file, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonPod fromFile(Path file, Map<String, ?> variables) {
        return parse(DefinitionText.file(file, WHAT), "file " + file, variables, System::getenv);
    }

    /** Loads a pod definition from a JSON file, substituting {@code ${VAR}} from the environment. */
    public static MarathonPod fromFile(Path file) {
        return fromFile(file, Map.of());
    }

    /** Loads a pod definition from a classpath resource (e.g. {@code pods/web.json}). */
    public static MarathonPod fromResource(String classpathResource) {
        return fromResource(classpathResource, Map.of());
    }

    /** Loads a pod definition from a classpath resource, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonPod fromResource(String classpathResource, Map<String, ?> variables) {
        return parse(
                DefinitionText.resource(classpathResource, WHAT),
                "classpath resource " + DefinitionText.resourceName(classpathResource),
                variables,
                System::getenv);
    }

    /** Parses a pod definition given as JSON text. */
    public static MarathonPod fromJson(String json) {
        return fromJson(json, Map.of());
    }

    /** Parses a pod definition given as JSON text, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonPod fromJson(String json, Map<String, ?> variables) {
        return parse(Objects.requireNonNull(json, "json"), "JSON string", variables, System::getenv);
    }

    static MarathonPod parse(String text, String source, Map<String, ?> variables, Function<String, String> env) {
        String substituted =
                DefinitionText.substitute(text, WHAT, source, variables == null ? Map.of() : variables, env);
        return new MarathonPod(
                DefinitionText.parse(substituted, WHAT, source), source, DefinitionText.lines(substituted));
    }

    /** The pod id, normalised with a leading '/'. */
    public String id() {
        String id = json.get("id").asText();
        return id.startsWith("/") ? id : "/" + id;
    }

    /** Where the definition came from, for messages. */
    public String source() {
        return source;
    }

    /** {@code scaling.instances}; Marathon's default is 1. */
    public int instances() {
        return json.path("scaling").path("instances").asInt(1);
    }

    /** The names of the pod's volumes ({@code volumes[].name}). */
    public List<String> volumeNames() {
        List<String> names = new ArrayList<>();
        json.path("volumes").forEach(v -> names.add(v.path("name").asText()));
        return List.copyOf(names);
    }

    /** The placement constraints ({@code scheduling.placement.constraints}) as app-style lists: [field, op, value?]. */
    public List<List<String>> constraints() {
        return constraintLists(json.path("scheduling").path("placement").path("constraints"));
    }

    /** The definition as compact JSON, exactly the fields written. */
    public String toJson() {
        return json.toString();
    }

    /** The same definition under another id (checked like the original). */
    public MarathonPod withId(String id) {
        ObjectNode copy = json.deepCopy();
        copy.put("id", id);
        return new MarathonPod(copy, source, Map.of());
    }

    /** Pod constraints ({@code {"fieldName", "operator", "value"}} objects) as [field, operator, value?] lists. */
    static List<List<String>> constraintLists(JsonNode constraints) {
        List<List<String>> result = new ArrayList<>();
        for (JsonNode c : constraints) {
            List<String> one = new ArrayList<>(
                    List.of(c.path("fieldName").asText(), c.path("operator").asText()));
            if (c.hasNonNull("value")) {
                one.add(c.get("value").asText());
            }
            result.add(List.copyOf(one));
        }
        return List.copyOf(result);
    }

    private void check(Map<String, Integer> lines) {
        JsonNode id = json.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw problem(lines, "id", String.valueOf(id), "is missing: a pod needs an id such as /web");
        }
        String path = id.asText().replaceFirst("^/", "");
        for (String segment : path.split("/", -1)) {
            if (!MarathonAppValidation.ID_SEGMENT.matcher(segment).matches()) {
                throw problem(
                        lines,
                        "id",
                        id.asText(),
                        "is not a Marathon id: segment '" + segment
                                + "' must consist of lowercase letters, digits, '-' and '.', starting and ending with a letter"
                                + " or digit");
            }
        }
        JsonNode containers = json.get("containers");
        if (containers == null || !containers.isArray() || containers.isEmpty()) {
            throw problem(
                    lines,
                    "containers",
                    String.valueOf(containers),
                    "must list at least one container (Marathon"
                            + " answers 422 \"error.minLength\"): a pod is the containers Mesos starts together");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode name = containers.get(i).get("name");
            String field = "containers[" + i + "].name";
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw problem(lines, field, String.valueOf(name), "is missing: every container of a pod needs a name");
            }
            if (!names.add(name.asText())) {
                throw problem(lines, field, name.asText(), "is the name of another container of the pod too");
            }
        }
        JsonNode instances = json.path("scaling").get("instances");
        if (instances != null && !(instances.isIntegralNumber() && instances.asInt() >= 0)) {
            throw problem(lines, "scaling.instances", instances.toString(), "must be an integer >= 0");
        }
    }

    private RuntimeException problem(Map<String, Integer> lines, String field, String value, String problem) {
        Integer line = lines.get(field);
        return new IllegalArgumentException(WHAT + " from " + source + (line == null ? "" : ", line " + line) + ": "
                + field + " = '" + value + "' " + problem);
    }

    @Override
    public String toString() {
        return "MarathonPod " + id() + " from " + source + ": " + toJson();
    }
}
