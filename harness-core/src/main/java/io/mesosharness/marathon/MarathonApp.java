package io.mesosharness.marathon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A Marathon app definition, as teams deploy it: loaded from a JSON file, a classpath resource or a string (every
 * field the user wrote is kept and sent as is), or built in code with {@link #command(String, String)}. Instances are
 * immutable: each {@code with*} method returns a changed copy.
 *
 * <p>Loaded text may contain {@code ${VAR}} placeholders. They are replaced, in the text before JSON parsing, by the
 * value from the given map, else from the environment variable of that name; {@code ${VAR:-default}} gives a default
 * and {@code $${X}} stands for a literal {@code ${X}}. Shell variables without braces ({@code $PORT0}) are left alone.
 * An unresolved placeholder is an error naming the variable and the source.
 *
 * <p>On construction the definition is checked: it must be a JSON object (not a pod or group) with an {@code id} that
 * follows Marathon's rules (lowercase letters, digits, '-' and '.', path segments separated by '/'), and well-typed
 * {@code instances}, resources and constraints.
 */
public final class MarathonApp {

    /** Constraint operators Marathon accepts. */
    public static final Set<String> OPERATORS =
            Set.of("UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS");

    static final String WHAT = "Marathon app definition";

    private final DefinitionText text;
    private final ObjectNode json;

    /** A definition read elsewhere (e.g. one app of a {@link MarathonGroup}), checked like a loaded one. */
    MarathonApp(DefinitionText text) {
        this.text = text;
        this.json = text.json();
        validate();
    }

    /** Loads an app definition from a JSON file, substituting {@code ${VAR}} from the environment. */
    public static MarathonApp fromFile(Path file) {
        return fromFile(file, Map.of());
    }

    /** Like {@link #fromFile(Path)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonApp fromFile(Path file, Map<String, ?> variables) {
        return new MarathonApp(DefinitionText.file(WHAT, file, variables));
    }

    /** Loads an app definition from a classpath resource (e.g. {@code apps/web.json}). */
    public static MarathonApp fromResource(String classpathResource) {
        return fromResource(classpathResource, Map.of());
    }

    /** Like {@link #fromResource(String)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonApp fromResource(String classpathResource, Map<String, ?> variables) {
        return new MarathonApp(DefinitionText.resource(WHAT, classpathResource, variables));
    }

    /** Parses an app definition given as JSON text. */
    public static MarathonApp fromJson(String json) {
        return fromJson(json, Map.of());
    }

    /** Like {@link #fromJson(String)}, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonApp fromJson(String json, Map<String, ?> variables) {
        return new MarathonApp(DefinitionText.string(WHAT, json, variables));
    }

    /** A command app built in code: 1 instance, 0.1 cpus, 32 MiB memory, no ports. */
    public static MarathonApp command(String id, String cmd) {
        if (cmd == null || cmd.isBlank()) {
            throw new IllegalArgumentException("cmd of app '" + id + "' must not be empty");
        }
        ObjectNode node = HttpSupport.mapper().createObjectNode();
        node.put("id", id).put("cmd", cmd).put("instances", 1).put("cpus", 0.1).put("mem", 32.0);
        node.putArray("portDefinitions");
        return new MarathonApp(new DefinitionText(WHAT, "MarathonApp.command(\"" + id + "\")", node, Map.of()));
    }

    static MarathonApp parse(String text, String source, Map<String, ?> variables, Function<String, String> env) {
        return new MarathonApp(DefinitionText.parse(WHAT, text, source, variables, env));
    }

    private void validate() {
        for (String[] kind : new String[][] {{"pod", "containers", "scaling"}, {"group", "apps", "groups"}}) {
            if (json.has(kind[1]) || json.has(kind[2])) {
                throw new IllegalArgumentException(WHAT + " from " + source() + " looks like a " + kind[0]
                        + " (it has '" + kind[1] + "'/'" + kind[2] + "'); only app definitions are supported");
            }
        }
        JsonNode id = json.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw text.problem("id", id, "is missing: an app needs an id such as /web");
        }
        String path = id.asText().replaceFirst("^/", "");
        String bad = path.isEmpty() || path.endsWith("/")
                ? "it must name an app, e.g. /my-app or /group/my-app"
                : DefinitionText.badId(path);
        if (bad != null) {
            throw text.problem("id", id.asText(), "is not a Marathon app id: " + bad);
        }
        JsonNode instances = json.get("instances");
        if (instances != null && !(instances.isIntegralNumber() && instances.asInt() >= 0)) {
            throw text.problem("instances", instances, "must be an integer >= 0");
        }
        for (String field : List.of("cpus", "mem", "disk")) {
            JsonNode value = json.get(field);
            if (value != null && !(value.isNumber() && value.asDouble() >= 0)) {
                throw text.problem(field, value, "must be a number >= 0");
            }
        }
        JsonNode constraints = json.path("constraints");
        if (!constraints.isArray() && !constraints.isMissingNode() && !constraints.isNull()) {
            throw text.problem("constraints", constraints, "must be an array of [field, operator, value?] arrays");
        }
        for (int i = 0; i < constraints.size(); i++) {
            JsonNode constraint = constraints.get(i);
            if (!constraint.isArray()
                    || constraint.size() < 2
                    || constraint.size() > 3
                    || !elements(constraint).allMatch(JsonNode::isTextual)) {
                throw text.problem(
                        "constraints[" + i + "]",
                        constraint,
                        "must be [field, operator] or [field, operator, value] of strings");
            }
        }
    }

    /** The app id, normalised with a leading '/'. */
    public String id() {
        String id = json.get("id").asText();
        return id.startsWith("/") ? id : "/" + id;
    }

    /** Where the definition came from (file, resource, string or code), for messages. */
    public String source() {
        return text.source();
    }

    /** {@code instances}; Marathon's default is 1. */
    public int instances() {
        return json.path("instances").asInt(1);
    }

    /** The constraints as lists of strings ({@code [["hostname","UNIQUE"],["rack","GROUP_BY","2"]]}). */
    public List<List<String>> constraints() {
        return elements(json.path("constraints"))
                .map(c -> elements(c).map(JsonNode::asText).toList())
                .toList();
    }

    /**
     * Rejects what Marathon refuses for an app with local persistent volumes (a resident app): an enabled
     * {@code unreachableStrategy}, {@code upgradeStrategy.maximumOverCapacity != 0}, {@code acceptedResourceRoles}
     * other than {@code ["*"]}. Not checked when loaded, since the builders change these fields afterwards;
     * {@code Waits.deployAndAwait} checks before sending.
     *
     * @throws IllegalArgumentException naming the app, its source and every rule it breaks
     */
    public void checkResidentRules() {
        if (persistentVolumes().isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        JsonNode unreachable = json.get("unreachableStrategy");
        if (unreachable != null && !unreachable.isNull() && !"disabled".equals(unreachable.asText())) {
            problems.add("unreachableStrategy must be \"disabled\" for resident tasks, got " + unreachable);
        }
        JsonNode overCapacity = json.path("upgradeStrategy").get("maximumOverCapacity");
        if (overCapacity != null && overCapacity.asDouble() != 0) {
            problems.add("upgradeStrategy.maximumOverCapacity must be 0 for resident tasks, got " + overCapacity);
        }
        JsonNode roles = json.get("acceptedResourceRoles");
        if (roles != null
                && roles.isArray()
                && !(roles.size() == 1 && "*".equals(roles.get(0).asText()))) {
            problems.add("acceptedResourceRoles of a resident app must be [\"*\"], got " + roles);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("app " + id() + " (from " + source()
                    + ") has persistent volumes but breaks Marathon's rules for resident apps: "
                    + String.join("; ", problems));
        }
    }

    /** The app's local persistent volumes ({@code container.volumes[]} with a {@code persistent} block). */
    public List<PersistentVolume> persistentVolumes() {
        return elements(json.path("container").path("volumes"))
                .filter(v -> v.path("persistent").isObject())
                .map(v -> new PersistentVolume(
                        v.path("containerPath").asText(),
                        v.path("persistent").path("size").asInt(),
                        v.path("persistent").path("type").asText("root")))
                .toList();
    }

    /** The app's health checks. */
    public List<HealthCheck> healthChecks() {
        List<HealthCheck> result = new ArrayList<>();
        JsonNode checks = json.path("healthChecks");
        for (int i = 0; i < checks.size(); i++) {
            try {
                result.add(HttpSupport.mapper().treeToValue(checks.get(i), HealthCheck.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                IllegalArgumentException problem = text.problem(
                        "healthChecks[" + i + "]", checks.get(i), "is not a valid health check: " + e.getMessage());
                problem.initCause(e);
                throw problem;
            }
        }
        return List.copyOf(result);
    }

    /** True if the app has at least one health check. */
    public boolean hasHealthChecks() {
        return !healthChecks().isEmpty();
    }

    /** The definition as compact JSON, exactly the fields written (plus changes made with {@code with*}). */
    public String toJson() {
        return json.toString();
    }

    /** A deep copy of the definition as a Jackson tree. */
    public ObjectNode toObjectNode() {
        return json.deepCopy();
    }

    /** The same definition under another id (checked like the original). */
    public MarathonApp withId(String id) {
        return change(n -> n.put("id", id));
    }

    public MarathonApp withInstances(int instances) {
        return change(n -> n.put("instances", instances));
    }

    public MarathonApp withCpus(double cpus) {
        return change(n -> n.put("cpus", positive("cpus", cpus)));
    }

    public MarathonApp withMem(double memMiB) {
        return change(n -> n.put("mem", positive("mem", memMiB)));
    }

    public MarathonApp withDisk(double diskMiB) {
        return change(n -> n.put("disk", diskMiB));
    }

    /**
     * Adds a constraint, e.g. {@code withConstraint("hostname", "UNIQUE")} or
     * {@code withConstraint("rack", "GROUP_BY", "2")}. The operator must be one of {@link #OPERATORS}.
     */
    public MarathonApp withConstraint(String field, String operator, String... value) {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("constraint field of app '" + id() + "' must not be empty");
        }
        String op = operator == null ? "" : operator.trim();
        if (!OPERATORS.contains(op)) {
            throw new IllegalArgumentException("constraint operator '" + operator + "' of app '" + id()
                    + "' must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS");
        }
        if (value.length > 1) {
            throw new IllegalArgumentException("constraint [" + field + ", " + op + "] of app '" + id()
                    + "' takes at most one value, got " + List.of(value));
        }
        return change(n -> {
            ArrayNode c =
                    n.withArrayProperty("constraints").addArray().add(field).add(op);
            if (value.length == 1) {
                c.add(value[0]);
            }
        });
    }

    /** Gives the app {@code count} ports, assigned by Marathon ({@code portDefinitions} with port 0); $PORT0... */
    public MarathonApp withPorts(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("port count of app '" + id() + "' must be >= 0, got " + count);
        }
        return change(n -> {
            ArrayNode ports = n.putArray("portDefinitions");
            for (int i = 0; i < count; i++) {
                ports.addObject().put("port", 0).put("protocol", "tcp").put("name", "port" + i);
            }
        });
    }

    public MarathonApp withHealthCheck(HealthCheck check) {
        Objects.requireNonNull(check, "check");
        return change(n ->
                n.withArrayProperty("healthChecks").add(HttpSupport.mapper().<JsonNode>valueToTree(check)));
    }

    /**
     * Adds a local persistent volume mounted at {@code containerPath} (relative to the sandbox, one segment) of
     * {@code sizeMiB}, and sets what Marathon requires for resident apps: container type MESOS (unless a container type
     * is set), {@code unreachableStrategy: "disabled"} and {@code upgradeStrategy} 0/0.
     */
    public MarathonApp withPersistentVolume(String containerPath, int sizeMiB) {
        if (containerPath == null || !containerPath.matches("(?!\\.\\.?$)[^/]+")) {
            throw new IllegalArgumentException("persistent volume containerPath '" + containerPath + "' of app '" + id()
                    + "' must be a single relative path segment (no '/', not '.' or '..')");
        }
        if (sizeMiB <= 0) {
            throw new IllegalArgumentException("persistent volume '" + containerPath + "' of app '" + id()
                    + "' must have a size > 0 MiB, got " + sizeMiB);
        }
        return change(n -> {
            ObjectNode container = n.withObjectProperty("container");
            if (!container.hasNonNull("type")) {
                container.put("type", "MESOS");
            }
            ObjectNode volume = container.withArrayProperty("volumes").addObject();
            volume.put("containerPath", containerPath).put("mode", "RW");
            volume.putObject("persistent")
                    .put("type", "root")
                    .put("size", sizeMiB)
                    .putArray("constraints");
            n.put("unreachableStrategy", "disabled");
            n.putObject("upgradeStrategy").put("minimumHealthCapacity", 0).put("maximumOverCapacity", 0);
        });
    }

    /** Sets an environment variable of the task. */
    public MarathonApp withEnv(String name, String value) {
        return withEntry("env", "env", name, value);
    }

    public MarathonApp withLabel(String name, String value) {
        return withEntry("labels", "label", name, value);
    }

    /**
     * Sets {@code upgradeStrategy}: during restarts and upgrades at least {@code minimumHealthCapacity × instances}
     * stay healthy and at most {@code (1 + maximumOverCapacity) × instances} run; both between 0 and 1.
     */
    public MarathonApp withUpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {
        fraction("minimumHealthCapacity", minimumHealthCapacity);
        fraction("maximumOverCapacity", maximumOverCapacity);
        return change(n -> n.withObjectProperty("upgradeStrategy")
                .put("minimumHealthCapacity", minimumHealthCapacity)
                .put("maximumOverCapacity", maximumOverCapacity));
    }

    private MarathonApp withEntry(String field, String what, String name, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name of app '" + id() + "' must not be empty");
        }
        Objects.requireNonNull(value, "value of " + what + " " + name);
        return change(n -> n.withObjectProperty(field).put(name, value));
    }

    private void fraction(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                    "upgradeStrategy." + field + " of app '" + id() + "' must be between 0 and 1, got " + value);
        }
    }

    private double positive(String field, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(field + " of app '" + id() + "' must be > 0, got " + value);
        }
        return value;
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private MarathonApp change(Consumer<ObjectNode> edit) {
        ObjectNode copy = json.deepCopy();
        edit.accept(copy);
        // the lines of the text no longer tell where a value came from: the change made it
        return new MarathonApp(new DefinitionText(WHAT, source(), copy, Map.of()));
    }

    @Override
    public String toString() {
        return "MarathonApp " + id() + " from " + source() + ": " + toJson();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarathonApp other && other.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }
}
