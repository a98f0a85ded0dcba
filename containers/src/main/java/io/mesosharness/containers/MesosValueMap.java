package io.mesosharness.containers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

    private final String kind;
    private final Map<String, MesosValue> values = new LinkedHashMap<>();

    /** {@code kind}: "attributes" or "resources", for messages. */
    MesosValueMap(String kind) {
        this.kind = kind;
    }

    /** Rejects a bad name or a value of the wrong type; the message starts with {@code where}. */
    abstract void check(String where, String name, String value, MesosValue parsed);

    /** Adds the entries of {@code text}; {@code expectation} says what an entry looks like, for messages. */
    final void addAll(String text, String expectation) {
        if (text == null) {
            throw new IllegalArgumentException("Bad Mesos " + kind + ": null (use an empty string for none)");
        }
        String[] tokens = text.isBlank() ? new String[0] : text.strip().split("[;\n]", -1);
        for (int i = 0; i < tokens.length; i++) {
            String bad = "Bad Mesos " + kind + " '" + text + "': ";
            int colon = tokens[i].indexOf(':');
            if (tokens[i].isBlank()) {
                throw new IllegalArgumentException(bad + "entry " + (i + 1) + " of " + tokens.length
                        + " is empty (a doubled, leading or trailing ';'); remove it");
            } else if (colon < 0) {
                throw new IllegalArgumentException(
                        bad + "'" + tokens[i].trim() + "' has no ':' (expected " + expectation + ")");
            }
            add(text, tokens[i].substring(0, colon), tokens[i].substring(colon + 1));
        }
    }

    /** Adds the entries of a map of name to value text, in map order. */
    final void addAll(Map<String, String> entries) {
        Objects.requireNonNull(entries, kind).forEach((name, value) -> add(String.valueOf(entries), name, value));
    }

    /** Adds {@code from}'s entries but {@code name}, then {@code name:value}. */
    final void copyWith(MesosValueMap from, String name, String value) {
        values.putAll(from.values);
        values.remove(name == null ? null : name.replace(" ", ""));
        add(name + ":" + value, name, value);
    }

    private void add(String whole, String rawName, String rawValue) {
        String name = rawName == null ? "" : rawName.replace(" ", "");
        String value = rawValue == null ? "" : rawValue.replace(" ", "");
        String where = "Bad Mesos " + kind + " '" + whole + "': ";
        String entry = kind.substring(0, kind.length() - 1) + " '" + name + "'";
        if (values.containsKey(name)) {
            throw new IllegalArgumentException(where + entry + " is given twice");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(where + entry + " has an empty value; the agent exits on that");
        }
        MesosValue parsed;
        try {
            parsed = MesosValue.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + entry + ": " + e.getMessage(), e);
        }
        check(where, name, value, parsed);
        values.put(name, parsed);
    }

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
        return String.join(
                ";",
                values.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue().render())
                        .toList());
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
