package io.mesosharness.containers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent's resources ({@code --resources}), e.g. {@code cpus:2;mem:1024;disk:4096;ports:[31000-32000]}: an
 * immutable ordered map of name (optionally with a role, {@code cpus(ads):1}) to a scalar, ranges or set.
 * Scalars must be finite and not negative; {@code mem} and {@code disk} are in MB. Empty entries
 * ({@code cpus:1;;mem:64}) are rejected, as in {@link MesosAttributes}.
 */
public final class MesosResources {

    /** Default resources of a harness agent: small, explicit, never auto-detected. */
    public static final String AGENT_DEFAULT = "cpus:1;mem:512;disk:1024;ports:[31000-31099]";

    private static final Pattern KEY = Pattern.compile("([a-zA-Z0-9_/.\\-]+)(?:\\(([a-zA-Z0-9_/.\\-*]+)\\))?");
    private static final MesosResources EMPTY = new MesosResources(new LinkedHashMap<>());

    private final Map<String, MesosValue> values;

    private MesosResources(LinkedHashMap<String, MesosValue> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static MesosResources empty() {
        return EMPTY;
    }

    /** Parses {@code cpus:2;mem:1024;ports:[31000-32000]}; errors name the bad text. */
    public static MesosResources parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Bad Mesos resources: null");
        }
        LinkedHashMap<String, MesosValue> out = new LinkedHashMap<>();
        MesosSyntax.forEachPair(
                text, "resources", "name:value or name(role):value", (name, value) -> put(out, text, name, value));
        return new MesosResources(out);
    }

    /** Resources from a map of name (or {@code name(role)}) to value text, in map order. */
    public static MesosResources of(Map<String, String> resources) {
        Objects.requireNonNull(resources, "resources");
        LinkedHashMap<String, MesosValue> out = new LinkedHashMap<>();
        resources.forEach((name, value) -> put(out, String.valueOf(resources), name, value));
        return new MesosResources(out);
    }

    /** A copy with one resource added or replaced ({@code name} may carry a role: {@code cpus(ads)}). */
    public MesosResources with(String name, String value) {
        LinkedHashMap<String, MesosValue> copy = new LinkedHashMap<>(values);
        copy.remove(name == null ? null : name.replace(" ", ""));
        put(copy, name + ":" + value, name, value);
        return new MesosResources(copy);
    }

    /** The value under exactly this key ({@code cpus} or {@code cpus(role)}). */
    public Optional<MesosValue> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The sum of the scalar resource {@code name} over all roles, if there is any. */
    public Optional<Double> findScalar(String name) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<String, MesosValue> e : values.entrySet()) {
            if (baseName(e.getKey()).equals(name)) {
                if (!(e.getValue() instanceof MesosValue.Scalar s)) {
                    throw new IllegalArgumentException(
                            "Resource '" + e.getKey() + "' is " + e.getValue().render() + ", not a scalar");
                }
                sum += s.value();
                found = true;
            }
        }
        return found ? Optional.of(sum) : Optional.empty();
    }

    /** The sum of the scalar resource {@code name} over all roles; fails when there is none. */
    public double scalar(String name) {
        return findScalar(name)
                .orElseThrow(
                        () -> new IllegalArgumentException("No scalar resource '" + name + "' in '" + render() + "'"));
    }

    /**
     * Fails unless there are cpus and mem: an agent without them is never offered to frameworks, so the
     * cluster would wait for nothing.
     */
    public MesosResources requireCpusAndMem() {
        boolean cpus = findScalar("cpus").filter(v -> v > 0).isPresent();
        boolean mem = findScalar("mem").filter(v -> v > 0).isPresent();
        if (!cpus || !mem) {
            String missing = !cpus && !mem ? "cpus and mem" : !cpus ? "cpus" : "mem";
            throw new IllegalArgumentException("Agent resources '" + render() + "' have no (positive) " + missing
                    + ": Mesos never offers an agent without cpus and mem to frameworks, so nothing would run on it."
                    + " Example: " + AGENT_DEFAULT);
        }
        return this;
    }

    /** Key to typed value, in order. */
    public Map<String, MesosValue> values() {
        return values;
    }

    /** Key to rendered value, in order. */
    public Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.render()));
        return Collections.unmodifiableMap(out);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The {@code --resources} text. */
    public String render() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : ";").append(k).append(':').append(v.render()));
        return b.toString();
    }

    private static String baseName(String key) {
        int paren = key.indexOf('(');
        return paren < 0 ? key : key.substring(0, paren);
    }

    private static void put(Map<String, MesosValue> out, String whole, String rawName, String rawValue) {
        String key = rawName == null ? "" : rawName.replace(" ", "");
        String value = rawValue == null ? "" : rawValue.replace(" ", "");
        String where = "Bad Mesos resources '" + whole + "': ";
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    where + "resource name '" + key + "' must be name or name(role) with letters, digits and _ / . -");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(where + "resource '" + key + "' has an empty value");
        }
        if (out.containsKey(key)) {
            throw new IllegalArgumentException(where + "resource '" + key + "' is given twice");
        }
        MesosValue parsed;
        try {
            parsed = MesosValue.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "resource '" + key + "': " + e.getMessage(), e);
        }
        if (parsed instanceof MesosValue.Text) {
            throw new IllegalArgumentException(where + "resource '" + key + "' has the value '" + value
                    + "', which is neither a number, a range [b-e] nor a set {a,b}");
        }
        if (parsed instanceof MesosValue.Scalar s && s.value() < 0) {
            throw new IllegalArgumentException(where + "resource '" + key + "' is negative (" + value + ")");
        }
        out.put(key, parsed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MesosResources other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return render();
    }
}
