package io.mesosharness.containers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent's attributes ({@code --attributes}), an immutable ordered map of name to {@link MesosValue}.
 *
 * <p>Parsed the way the agent parses them: split on {@code ;} (or a newline), then on the first {@code :}, every
 * space removed; {@code [..]} is a range, a number a scalar ({@code rack:1} is the number 1, not the text "1"),
 * anything else text. Set values and empty names or values are rejected here, because they make the agent exit
 * at startup; so are empty entries ({@code rack:a;;}, which the agent skips), because in a test they are a typo.
 */
public final class MesosAttributes {

    private static final MesosAttributes EMPTY = new MesosAttributes(new LinkedHashMap<>());

    private final Map<String, MesosValue> values;

    private MesosAttributes(LinkedHashMap<String, MesosValue> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static MesosAttributes empty() {
        return EMPTY;
    }

    /** Parses {@code rack:a;zone:eu-1}; blank text gives no attributes. */
    public static MesosAttributes parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("Bad Mesos attributes: null (use an empty string for none)");
        }
        LinkedHashMap<String, MesosValue> out = new LinkedHashMap<>();
        MesosSyntax.forEachPair(text, "attributes", "name:value", (name, value) -> put(out, text, name, value));
        return new MesosAttributes(out);
    }

    /** Attributes from a map of name to value text (each value parsed as by {@link #parse(String)}), in map order. */
    public static MesosAttributes of(Map<String, String> attributes) {
        Objects.requireNonNull(attributes, "attributes");
        LinkedHashMap<String, MesosValue> out = new LinkedHashMap<>();
        attributes.forEach((name, value) -> put(out, String.valueOf(attributes), name, value));
        return new MesosAttributes(out);
    }

    /** A copy with one attribute added or replaced. */
    public MesosAttributes with(String name, String value) {
        LinkedHashMap<String, MesosValue> copy = new LinkedHashMap<>(values);
        String cleanName = name == null ? null : name.replace(" ", "");
        copy.remove(cleanName);
        put(copy, name + ":" + value, name, value);
        return new MesosAttributes(copy);
    }

    /** The attribute called {@code name}, if any. */
    public Optional<MesosValue> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Name to typed value, in order. */
    public Map<String, MesosValue> values() {
        return values;
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

    /** The {@code --attributes} text: {@code rack:a;zone:eu-1}. */
    public String render() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : ";").append(k).append(':').append(v.render()));
        return b.toString();
    }

    private static void put(Map<String, MesosValue> out, String whole, String rawName, String rawValue) {
        String name = rawName == null ? "" : rawName.replace(" ", "");
        String value = rawValue == null ? "" : rawValue.replace(" ", "");
        String where = "Bad Mesos attributes '" + whole + "': ";
        if (name.isEmpty()) {
            throw new IllegalArgumentException(
                    where + "an attribute has an empty name (value '" + value + "'); the agent exits on that");
        }
        if (!MesosSyntax.TEXT.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    where + "attribute name '" + name + "' may only contain letters, digits and _ / . -");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(
                    where + "attribute '" + name + "' has an empty value; the agent exits on that");
        }
        if (out.containsKey(name)) {
            throw new IllegalArgumentException(where + "attribute '" + name + "' is given twice");
        }
        MesosValue parsed;
        try {
            parsed = MesosValue.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "attribute '" + name + "': " + e.getMessage(), e);
        }
        if (parsed instanceof MesosValue.Set) {
            throw new IllegalArgumentException(where + "attribute '" + name + "' has the set value '" + value
                    + "'; Mesos agents accept sets only in resources and crash at startup on a set attribute"
                    + " (\"Bad type for attribute\"). Use text, a number or a range [b-e].");
        }
        out.put(name, parsed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MesosAttributes other && values.equals(other.values);
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
