package io.mesosharness.containers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An agent's resources ({@code --resources}), e.g. {@code cpus:2;mem:1024;disk:4096;ports:[31000-32000]}: an
 * immutable ordered map ({@link MesosValueMap}) of name (optionally with a role, {@code cpus(ads):1}) to a scalar,
 * ranges or set. Scalars must be finite and not negative; {@code mem} and {@code disk} are in MB.
 */
public final class MesosResources extends MesosValueMap {

    /** Default resources of a harness agent: small, explicit, never auto-detected. */
    public static final String AGENT_DEFAULT = "cpus:1;mem:512;disk:1024;ports:[31000-31099]";

    private static final Pattern KEY = Pattern.compile("([a-zA-Z0-9_/.\\-]+)(?:\\(([a-zA-Z0-9_/.\\-*]+)\\))?");

    private MesosResources(String text) {
        super("resources", "name:value or name(role):value", text);
    }

    public static MesosResources empty() {
        return parse("");
    }

    /** Parses {@code cpus:2;mem:1024;ports:[31000-32000]}; errors name the bad text. */
    public static MesosResources parse(String text) {
        return new MesosResources(text);
    }

    /** Resources from a map of name (or {@code name(role)}) to value text, in map order. */
    public static MesosResources of(Map<String, String> resources) {
        return parse(join(resources));
    }

    /** A copy with one resource added or replaced ({@code name} may carry a role: {@code cpus(ads)}). */
    public MesosResources with(String name, String value) {
        Map<String, String> out = new LinkedHashMap<>(asMap());
        out.remove(name.replace(" ", ""));
        out.put(name, value);
        return of(out);
    }

    /** The sum of the scalar resource {@code name} over all roles, if there is any. */
    public Optional<Double> findScalar(String name) {
        Optional<Double> sum = Optional.empty();
        for (Map.Entry<String, MesosValue> e : values().entrySet()) {
            if (e.getKey().replaceFirst("\\(.*$", "").equals(name)) {
                if (!(e.getValue() instanceof MesosValue.Scalar s)) {
                    throw new IllegalArgumentException(
                            "Resource '" + e.getKey() + "' is " + e.getValue().render() + ", not a scalar");
                }
                sum = Optional.of(sum.orElse(0.0) + s.value());
            }
        }
        return sum;
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

    @Override
    void check(String where, String name, String value, MesosValue parsed) {
        if (!KEY.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    where + "resource name '" + name + "' must be name or name(role) with letters, digits and _ / . -");
        }
        if (parsed instanceof MesosValue.Text) {
            throw new IllegalArgumentException(where + "resource '" + name + "' has the value '" + value
                    + "', which is neither a number, a range [b-e] nor a set {a,b}");
        }
        if (parsed instanceof MesosValue.Scalar s && s.value() < 0) {
            throw new IllegalArgumentException(where + "resource '" + name + "' is negative (" + value + ")");
        }
    }
}
