package io.mesosharness.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Marathon group definition, as teams deploy a whole stack ({@code PUT /v2/groups}): an id, apps, sub-groups, and
 * {@code dependencies} that make Marathon start an app only after what it depends on runs (and is healthy). Loaded like
 * a {@link MarathonApp} (file, classpath resource or string, with {@code ${VAR}} placeholders); every field written is
 * sent.
 *
 * <p>On construction ids and dependencies are made absolute the way Marathon 1.8 resolves them (an app's relative id
 * and dependencies against its group, a group's dependencies against the group itself: {@code "db"} in group
 * {@code /stack} is {@code /stack/db}), each app is checked like a {@link MarathonApp}, and a sub-group or app whose
 * id lies outside its group, a dependency that climbs above the root, or a dependency cycle is an error naming the
 * field, the value, the source and the line.
 */
public final class MarathonGroup {

    private static final String WHAT = "Marathon group definition";

    /** One entry of a {@code dependencies} list: its owner (app or group id), field path, text as written, and id. */
    record Dependency(String owner, String field, String written, String id) {}

    private final DefinitionText text;
    private final AppNamespace namespace;
    private final ObjectNode json;
    private final Set<String> groupIds = new LinkedHashSet<>();
    /** The ids of the apps and pods. */
    private final Set<String> runnables = new LinkedHashSet<>();

    private final List<MarathonApp> apps = new ArrayList<>();
    private final List<Dependency> dependencies = new ArrayList<>();

    /** Resolves {@code text}, as written, with every id and dependency put in {@code namespace}. */
    private MarathonGroup(DefinitionText text, AppNamespace namespace) {
        this.text = text;
        this.namespace = namespace;
        this.json = text.json().deepCopy();
        JsonNode id = json.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw text.problem("id", id, "is missing: a group needs an id such as /stack");
        }
        normalise(json, "", absolute("/", id.asText(), "id"));
        checkCycles();
    }

    /** Loads a group definition from a JSON file, substituting {@code ${VAR}} from the environment. */
    public static MarathonGroup fromFile(Path file) {
        return fromFile(file, Map.of());
    }

    /** Like {@link #fromFile(Path)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonGroup fromFile(Path file, Map<String, ?> variables) {
        return new MarathonGroup(DefinitionText.file(WHAT, file, variables), AppNamespace.NONE);
    }

    /** Loads a group definition from a classpath resource (e.g. {@code groups/stack.json}). */
    public static MarathonGroup fromResource(String classpathResource) {
        return fromResource(classpathResource, Map.of());
    }

    /** Like {@link #fromResource(String)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonGroup fromResource(String classpathResource, Map<String, ?> variables) {
        return new MarathonGroup(DefinitionText.resource(WHAT, classpathResource, variables), AppNamespace.NONE);
    }

    /** Parses a group definition given as JSON text. */
    public static MarathonGroup fromJson(String json) {
        return fromJson(json, Map.of());
    }

    /** Like {@link #fromJson(String)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonGroup fromJson(String json, Map<String, ?> variables) {
        return new MarathonGroup(DefinitionText.string(WHAT, json, variables), AppNamespace.NONE);
    }

    /** The group id, absolute ({@code /stack}; {@code /} for a root group definition). */
    public String id() {
        return json.get("id").asText();
    }

    /** Where the definition came from, for messages. */
    public String source() {
        return text.source();
    }

    /** Every app of the group and its sub-groups, with absolute ids and dependencies, in the order written. */
    public List<MarathonApp> apps() {
        return List.copyOf(apps);
    }

    /** The ids of the group and every sub-group, absolute. */
    public Set<String> groupIds() {
        return Set.copyOf(groupIds);
    }

    /** The definition as Marathon receives it: the fields written, ids and dependencies absolute. */
    public String toJson() {
        return json.toString();
    }

    List<Dependency> dependencies() {
        return List.copyOf(dependencies);
    }

    /** True if the id is this group, one of its sub-groups, apps or pods. */
    boolean defines(String id) {
        return groupIds.contains(id) || runnables.contains(id);
    }

    IllegalArgumentException problem(String field, String value, String problem) {
        return text.problem(field, value, problem);
    }

    /**
     * The same definition with every id and dependency put in the namespace ({@code /stack} becomes {@code /ns/stack},
     * a root group definition {@code /} becomes the namespace's group).
     */
    MarathonGroup inNamespace(AppNamespace namespace) {
        return namespace.isNone() ? this : new MarathonGroup(text, namespace);
    }

    /** Makes the group's ids and dependencies absolute (in place), collecting its apps and dependencies. */
    private void normalise(ObjectNode group, String at, String id) {
        group.put("id", id);
        groupIds.add(id);
        resolveDependencies(group, at, id, id);
        for (String kind : List.of("apps", "pods", "groups")) {
            JsonNode list = group.get(kind);
            if (list == null || list.isNull()) {
                continue;
            }
            String listField = field(at, kind);
            if (!list.isArray()) {
                throw text.problem(listField, list.toString(), "must be a list of " + kind);
            }
            for (int i = 0; i < list.size(); i++) {
                String item = listField + "[" + i + "]";
                if (!(list.get(i) instanceof ObjectNode child)) {
                    throw text.problem(item, list.get(i).toString(), "must be an object");
                }
                JsonNode childId = child.get("id");
                if (childId == null || !childId.isTextual() || childId.asText().isBlank()) {
                    throw text.problem(item + ".id", childId, "is missing");
                }
                String absolute = absolute(id, childId.asText(), item + ".id");
                String name = absolute.substring(absolute.lastIndexOf('/') + 1);
                if (!absolute.equals((id.equals("/") ? "" : id) + "/" + name)) {
                    throw text.problem(
                            item + ".id",
                            childId.asText(),
                            "is not a child of group " + id + " (Marathon answers \"Identifier is not child of " + id
                                    + "\"); write it relative to the group, e.g. '" + name + "'");
                }
                if (kind.equals("groups")) {
                    normalise(child, item, absolute);
                    continue;
                }
                child.put("id", absolute);
                runnables.add(absolute);
                resolveDependencies(child, item, absolute, id);
                String from = source() + " (" + item + ", " + text.line(item) + ")";
                if (kind.equals("apps")) {
                    apps.add(new MarathonApp(text.part(MarathonApp.WHAT, item, from, child.deepCopy())));
                } else {
                    new MarathonPod(text.part(MarathonPod.WHAT, item, from, child.deepCopy()));
                }
            }
        }
    }

    private void resolveDependencies(ObjectNode owner, String at, String ownerId, String base) {
        JsonNode deps = owner.get("dependencies");
        if (deps == null || deps.isNull()) {
            return;
        }
        String listField = field(at, "dependencies");
        if (!deps.isArray()) {
            throw text.problem(listField, deps.toString(), "must be a list of app or group ids");
        }
        ArrayNode resolved = owner.putArray("dependencies");
        for (int i = 0; i < deps.size(); i++) {
            String field = listField + "[" + i + "]";
            JsonNode dep = deps.get(i);
            if (!dep.isTextual() || dep.asText().isBlank()) {
                throw text.problem(field, dep.toString(), "must be an app or group id");
            }
            String id = absolute(base, dep.asText(), field);
            resolved.add(id);
            dependencies.add(new Dependency(ownerId, field, dep.asText(), id));
        }
    }

    /**
     * The id Marathon makes of {@code path} written in {@code base} (absolute as is, else relative, '..' climbing), put
     * in the namespace; the root {@code /} becomes the namespace's group.
     */
    private String absolute(String base, String path, String field) {
        List<String> segments = new ArrayList<>();
        for (String s : (path.startsWith("/") ? path : base + "/" + path).split("/")) {
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    throw text.problem(field, path, "climbs above the root group (resolved against " + base + ")");
                }
                segments.remove(segments.size() - 1);
            } else if (!s.isEmpty() && !s.equals(".")) {
                String bad = DefinitionText.badId(s);
                if (bad != null) {
                    throw text.problem(field, path, "is not a Marathon id: " + bad);
                }
                segments.add(s);
            }
        }
        String id = "/" + String.join("/", segments);
        return id.equals("/") && !namespace.isNone() ? namespace.group() : namespace.qualify(id);
    }

    /**
     * Fails on a cycle among the apps and pods, as Marathon 1.8 builds its graph: from each app's dependencies, a
     * dependency on a group standing for every app in it. (A group's own {@code dependencies} are kept and sent, but
     * Marathon 1.8 neither orders by them nor finds cycles through them: seen on the real cluster.)
     */
    private void checkCycles() {
        Map<String, List<Dependency>> edges = dependencies.stream()
                .filter(d -> !groupIds.contains(d.owner()))
                .collect(Collectors.groupingBy(Dependency::owner, LinkedHashMap::new, Collectors.toList()));
        Set<String> done = new HashSet<>();
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            List<Dependency> via = new ArrayList<>();
            if (cycle(start, edges, done, path, via)) {
                String steps = IntStream.range(0, via.size())
                        .mapToObj(i -> path.get(i) + " depends on " + path.get(i + 1) + " ("
                                + via.get(i).field() + " = '" + via.get(i).written() + "', "
                                + text.line(via.get(i).field()) + ")")
                        .collect(Collectors.joining(", "));
                throw new IllegalArgumentException(WHAT + " " + id() + " from " + source() + " has a dependency cycle, "
                        + "which Marathon rejects (\"Dependency graph has cyclic dependencies\"): " + steps);
            }
        }
    }

    private boolean cycle(
            String at, Map<String, List<Dependency>> edges, Set<String> done, List<String> path, List<Dependency> via) {
        if (path.contains(at)) {
            int from = path.indexOf(at);
            path.subList(0, from).clear();
            via.subList(0, from).clear();
            path.add(at);
            return true;
        }
        if (done.contains(at)) {
            return false;
        }
        path.add(at);
        for (Dependency d : edges.getOrDefault(at, List.of())) {
            for (String next : runnablesUnder(d.id())) {
                via.add(d);
                if (cycle(next, edges, done, path, via)) {
                    return true;
                }
                via.remove(via.size() - 1);
            }
        }
        path.remove(path.size() - 1);
        done.add(at);
        return false;
    }

    /** The app and pod ids at or below {@code id} in this definition (the id itself if it is one). */
    private List<String> runnablesUnder(String id) {
        String prefix = id.equals("/") ? "/" : id + "/";
        return runnables.stream()
                .filter(r -> r.equals(id) || r.startsWith(prefix))
                .toList();
    }

    private static String field(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    @Override
    public String toString() {
        return "MarathonGroup " + id() + " from " + source() + ": " + toJson();
    }
}
