package io.mesosharness.containers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What {@link MesosAttributes} and {@link MesosResources} share: an immutable ordered map of name to
 * {@link MesosValue}, read from and rendered as Mesos' {@code name:value;name:value}.
 *
 * <p>Split as the agent splits: at {@code ;} or newline, then at the first {@code :}, every space removed. Unlike
 * the agent, an empty entry ({@code rack:a;;}) is rejected: in a test topology it is a typo. Whitespace around the
 * whole text is not an entry; blank text is no entries.
 */
public abstract class MesosValueMap {

    /** Characters Mesos' grammar allows in text values and names. */
    static final Pattern TEXT = Pattern.compile("[a-zA-Z0-9_/.\\-]+");

    /** What the agent's parser reads as a scalar. */
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final Map<String, MesosValue> values = new LinkedHashMap<>();

    /**
     * Parses {@code text}; {@code kind} ("attributes" or "resources") and {@code expectation} (what an entry looks
     * like) are for messages.
     */
    MesosValueMap(String kind, String expectation, String text) {
        if (text == null) {
            throw new IllegalArgumentException("Bad Mesos " + kind + ": null (use an empty string for none)");
        }
        String bad = "Bad Mesos " + kind + " '" + text + "': ";
        String[] tokens = text.isBlank() ? new String[0] : text.strip().split("[;\n]", -1);
        for (int i = 0; i < tokens.length; i++) {
            int colon = tokens[i].indexOf(':');
            if (tokens[i].isBlank()) {
                throw new IllegalArgumentException(bad + "entry " + (i + 1) + " of " + tokens.length
                        + " is empty (a doubled, leading or trailing ';'); remove it");
            } else if (colon < 0) {
                throw new IllegalArgumentException(
                        bad + "'" + tokens[i].trim() + "' has no ':' (expected " + expectation + ")");
            }
            String name = tokens[i].substring(0, colon).replace(" ", "");
            String value = tokens[i].substring(colon + 1).replace(" ", "");
            String entry = kind.substring(0, kind.length() - 1) + " '" + name + "'";
            if (values.containsKey(name)) {
                throw new IllegalArgumentException(bad + entry + " is given twice");
            } else if (value.isEmpty()) {
                throw new IllegalArgumentException(bad + entry + " has an empty value; the agent exits on that");
            }
            MesosValue parsed = prefixed(bad + entry + ": ", () -> MesosValue.parse(value));
            check(bad, name, value, parsed);
            values.put(name, parsed);
        }
    }

    /** {@code name:value;...} of a map of name to value text, in map order. */
    static String join(Map<String, String> entries) {
        return String.join(
                ";",
                entries.entrySet().stream()
                        .map(e -> e.getKey() + ":" + (e.getValue() == null ? "" : e.getValue()))
                        .toList());
    }

    /** What {@code parse} gives; the message of its {@link IllegalArgumentException} starts with {@code prefix}. */
    static <T> T prefixed(String prefix, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
    }

    /** Rejects a bad name or a value of the wrong type; the message starts with {@code where}. */
    abstract void check(String where, String name, String value, MesosValue parsed);

    /** The value under exactly this name (for resources: {@code cpus} or {@code cpus(role)}), if any. */
    public Optional<MesosValue> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Name to typed value, in order. */
    public Map<String, MesosValue> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Name to rendered value, in order. */
    public Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.render()));
        return Collections.unmodifiableMap(out);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The flag text: {@code rack:a;zone:eu-1}, {@code cpus:1;mem:512}. */
    public String render() {
        return join(asMap());
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && values.equals(((MesosValueMap) o).values);
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
