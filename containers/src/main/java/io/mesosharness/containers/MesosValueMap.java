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
 * the agent, which skips empty entries, an empty entry ({@code rack:a;;}, a leading or trailing {@code ;}) is
 * rejected: in a test topology it is a typo. Whitespace around the whole text (a YAML block's final newline) is not
 * an entry; blank text is no entries.
 */
public abstract class MesosValueMap {

    /** Characters Mesos' grammar allows in text values and names. */
    static final Pattern TEXT = Pattern.compile("[a-zA-Z0-9_/.\\-]+");

    /** What the agent's parser reads as a scalar. */
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final String kind;
    private final Map<String, MesosValue> values = new LinkedHashMap<>();
    private final Map<String, MesosValue> view = Collections.unmodifiableMap(values);

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
        String body = text.strip();
        String[] tokens = body.isEmpty() ? new String[0] : body.split("[;\n]", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.isBlank()) {
                throw new IllegalArgumentException("Bad Mesos " + kind + " '" + text + "': entry " + (i + 1) + " of "
                        + tokens.length + " is empty (a doubled, leading or trailing ';'); remove it");
            }
            int colon = token.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Bad Mesos " + kind + " '" + text + "': '" + token.trim()
                        + "' has no ':' (expected " + expectation + ")");
            }
            add(text, token.substring(0, colon), token.substring(colon + 1));
        }
    }

    /** Adds the entries of a map of name to value text, in map order. */
    final void addAll(Map<String, String> entries) {
        Objects.requireNonNull(entries, kind);
        entries.forEach((name, value) -> add(String.valueOf(entries), name, value));
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
        String noun = kind.substring(0, kind.length() - 1);
        if (values.containsKey(name)) {
            throw new IllegalArgumentException(where + noun + " '" + name + "' is given twice");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    where + noun + " '" + name + "' has an empty value; the agent exits on" + " that");
        }
        MesosValue parsed;
        try {
            parsed = MesosValue.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + noun + " '" + name + "': " + e.getMessage(), e);
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
        return view;
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
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : ";").append(k).append(':').append(v.render()));
        return b.toString();
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
