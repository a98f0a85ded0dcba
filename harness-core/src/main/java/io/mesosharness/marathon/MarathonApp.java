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
import java.util.function.Function;
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
 * follows Marathon's rules (lowercase letters, digits, '-' and '.', path segments separated by '/').
 */
public final class MarathonApp {

    /** Constraint operators Marathon accepts. */
    public static final Set<String> OPERATORS =
            Set.of("UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS");

    private static final String WHAT = "Marathon app definition";

    private final ObjectNode json;
    private final String source;

    /** A definition read elsewhere (e.g. one app of a {@link MarathonGroup}), checked like a loaded one. */
    MarathonApp(ObjectNode json, String source) {
        this.json = json;
        this.source = source;
        MarathonAppValidation.validate(json, source);
    }

    // ---------------------------------------------------------------- factories

    /** Loads an app definition from a JSON file, substituting {@code ${VAR}} from the environment. */
    public static MarathonApp fromFile(Path file) {
        return fromFile(file, Map.of());
    }

    /** Loads an app definition from a JSON file, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonApp fromFile(Path file, Map<String, ?> variables) {
        return parse(DefinitionText.file(file, WHAT), "file " + file, variables, System::getenv);
    }

    /** Loads an app definition from a classpath resource (e.g. {@code apps/web.json}). */
    public static MarathonApp fromResource(String classpathResource) {
        return fromResource(classpathResource, Map.of());
    }

    /** Loads an app definition from a classpath resource, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonApp fromResource(String classpathResource, Map<String, ?> variables) {
        return parse(
                DefinitionText.resource(classpathResource, WHAT),
                "classpath resource " + DefinitionText.resourceName(classpathResource),
                variables,
                System::getenv);
    }

    /** Parses an app definition given as JSON text. */
    public static MarathonApp fromJson(String json) {
        return fromJson(json, Map.of());
    }

    /** Parses an app definition given as JSON text, substituting {@code ${VAR}} from {@code variables}, then the environment. */
    public static MarathonApp fromJson(String json, Map<String, ?> variables) {
        return parse(Objects.requireNonNull(json, "json"), "JSON string", variables, System::getenv);
    }

    /** A command app built in code: 1 instance, 0.1 cpus, 32 MiB memory, no ports. */
    public static MarathonApp command(String id, String cmd) {
        if (cmd == null || cmd.isBlank()) {
            throw new IllegalArgumentException("cmd of app '" + id + "' must not be empty");
        }
        ObjectNode node = HttpSupport.mapper().createObjectNode();
        node.put("id", id);
        node.put("cmd", cmd);
        node.put("instances", 1);
        node.put("cpus", 0.1);
        node.put("mem", 32.0);
        node.putArray("portDefinitions");
        return new MarathonApp(node, "MarathonApp.command(\"" + id + "\")");
    }

    static MarathonApp parse(String text, String source, Map<String, ?> variables, Function<String, String> env) {
        return new MarathonApp(DefinitionText.parse(text, WHAT, source, variables, env), source);
    }

    // ---------------------------------------------------------------- accessors

    /** The app id, normalised with a leading '/'. */
    public String id() {
        String id = json.get("id").asText();
        return id.startsWith("/") ? id : "/" + id;
    }

    /** Where the definition came from (file, resource, string or code), for messages. */
    public String source() {
        return source;
    }

    /** {@code instances}; Marathon's default is 1. */
    public int instances() {
        JsonNode instances = json.get("instances");
        return instances == null ? 1 : instances.asInt();
    }

    /** The constraints as lists of strings ({@code [["hostname","UNIQUE"],["rack","GROUP_BY","2"]]}). */
    public List<List<String>> constraints() {
        List<List<String>> result = new ArrayList<>();
        for (JsonNode constraint : json.path("constraints")) {
            result.add(StreamSupport.stream(constraint.spliterator(), false)
                    .map(JsonNode::asText)
                    .toList());
        }
        return List.copyOf(result);
    }

    /** The app's local persistent volumes ({@code container.volumes[]} with a {@code persistent} block). */
    public List<PersistentVolume> persistentVolumes() {
        List<PersistentVolume> result = new ArrayList<>();
        for (JsonNode volume : json.path("container").path("volumes")) {
            JsonNode persistent = volume.get("persistent");
            if (persistent != null && persistent.isObject()) {
                result.add(new PersistentVolume(
                        volume.path("containerPath").asText(),
                        persistent.path("size").asInt(),
                        persistent.path("type").asText("root")));
            }
        }
        return List.copyOf(result);
    }

    /** The app's health checks. */
    public List<HealthCheck> healthChecks() {
        JsonNode checks = json.get("healthChecks");
        if (checks == null || !checks.isArray()) {
            return List.of();
        }
        List<HealthCheck> result = new ArrayList<>();
        for (JsonNode check : checks) {
            try {
                result.add(HttpSupport.mapper().treeToValue(check, HealthCheck.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Marathon app '" + id() + "' from " + source + " has an invalid health check " + check + ": "
                                + e.getMessage(),
                        e);
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

    // ---------------------------------------------------------------- builders (copying)

    /** The same definition under another id (checked like the original). */
    public MarathonApp withId(String id) {
        return change(n -> n.put("id", id));
    }

    public MarathonApp withInstances(int instances) {
        return change(n -> n.put("instances", instances));
    }

    public MarathonApp withCpus(double cpus) {
        return change(n -> n.put("cpus", MarathonAppValidation.positive(id(), "cpus", cpus)));
    }

    public MarathonApp withMem(double memMiB) {
        return change(n -> n.put("mem", MarathonAppValidation.positive(id(), "mem", memMiB)));
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
            ArrayNode c = array(n, "constraints").addArray().add(field).add(op);
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

    /** Adds a health check. */
    public MarathonApp withHealthCheck(HealthCheck check) {
        Objects.requireNonNull(check, "check");
        return change(n -> array(n, "healthChecks").add(HttpSupport.mapper().<JsonNode>valueToTree(check)));
    }

    /**
     * Adds a local persistent volume mounted at {@code containerPath} (relative to the sandbox, one segment) of
     * {@code sizeMiB}, and sets what Marathon requires for resident apps: container type MESOS (unless a container type
     * is set), {@code unreachableStrategy: "disabled"} and {@code upgradeStrategy} 0/0.
     */
    public MarathonApp withPersistentVolume(String containerPath, int sizeMiB) {
        if (containerPath == null
                || containerPath.isEmpty()
                || containerPath.contains("/")
                || containerPath.equals(".")
                || containerPath.equals("..")) {
            throw new IllegalArgumentException("persistent volume containerPath '" + containerPath + "' of app '" + id()
                    + "' must be a single relative path segment (no '/', not '.' or '..')");
        }
        if (sizeMiB <= 0) {
            throw new IllegalArgumentException("persistent volume '" + containerPath + "' of app '" + id()
                    + "' must have a size > 0 MiB, got " + sizeMiB);
        }
        return change(n -> {
            ObjectNode container = object(n, "container");
            if (!container.hasNonNull("type")) {
                container.put("type", "MESOS");
            }
            ObjectNode volume = array(container, "volumes").addObject();
            volume.put("containerPath", containerPath);
            volume.put("mode", "RW");
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
        MarathonAppValidation.requireName(id(), "env", name);
        return change(n -> object(n, "env").put(name, Objects.requireNonNull(value, "value of env " + name)));
    }

    /** Sets a label. */
    public MarathonApp withLabel(String name, String value) {
        MarathonAppValidation.requireName(id(), "label", name);
        return change(n -> object(n, "labels").put(name, Objects.requireNonNull(value, "value of label " + name)));
    }

    /**
     * Sets {@code upgradeStrategy}: during restarts and upgrades at least {@code minimumHealthCapacity × instances}
     * stay healthy and at most {@code (1 + maximumOverCapacity) × instances} run; both between 0 and 1.
     */
    public MarathonApp withUpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {
        MarathonAppValidation.fraction(id(), "upgradeStrategy.minimumHealthCapacity", minimumHealthCapacity);
        MarathonAppValidation.fraction(id(), "upgradeStrategy.maximumOverCapacity", maximumOverCapacity);
        return change(n -> object(n, "upgradeStrategy")
                .put("minimumHealthCapacity", minimumHealthCapacity)
                .put("maximumOverCapacity", maximumOverCapacity));
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing != null && existing.isObject() ? (ObjectNode) existing : parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode existing = parent.get(field);
        return existing != null && existing.isArray() ? (ArrayNode) existing : parent.putArray(field);
    }

    private MarathonApp change(java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode copy = json.deepCopy();
        edit.accept(copy);
        return new MarathonApp(copy, source);
    }

    @Override
    public String toString() {
        return "MarathonApp " + id() + " from " + source + ": " + toJson();
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
