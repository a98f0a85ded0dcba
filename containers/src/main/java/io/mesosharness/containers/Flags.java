package io.mesosharness.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Command-line flags of one process, rendered as {@code --name=value}. The flags a container sets itself are its
 * {@code OWNED_FLAGS} (flag to what sets it), the one table of them: {@code withFlag} refuses them, and so do the
 * harness' topologies. {@link #isName} and {@link #isValue} are the one rule for flag names and values.
 */
public final class Flags {

    /** How a flag value is written. */
    enum Style {
        /** Mesos: {@code false} becomes {@code --no-name}. */
        MESOS,
        /** Marathon (Scallop): an empty value becomes a bare {@code --name} toggle. */
        MARATHON
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final String process;
    private final Style style;
    private final Map<String, String> owned;
    private final Map<String, String> values = new LinkedHashMap<>();

    Flags(String process, Style style, Map<String, String> owned) {
        this.process = process;
        this.style = style;
        this.owned = owned;
    }

    /** Whether {@code name} can be a flag name: lower-case letters, digits and _, e.g. {@code work_dir}. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether {@code value} can be a flag value: not null, one line, no NUL. */
    public static boolean isValue(String value) {
        return value != null && value.indexOf('\n') < 0 && value.indexOf('\0') < 0;
    }

    /** Sets a flag the container owns; {@code null} removes it. */
    void set(String name, String value) {
        if (value == null) {
            values.remove(name);
        } else {
            values.put(name, value);
        }
    }

    /** A flag given through {@code withFlag}. */
    void setUser(String name, String value) {
        String prefix = "Flag --" + name + " of " + process;
        if (!isName(name)) {
            String hint = name != null && name.startsWith("no-")
                    ? " (write a false boolean as withFlag(\"" + name.substring(3) + "\", \"false\"))"
                    : name != null && name.startsWith("--") ? " (give the name without the leading --)" : "";
            throw new IllegalArgumentException("Bad flag name '" + name + "' for " + process
                    + ": expected lower-case letters, digits and _ such as work_dir" + hint);
        } else if (!isValue(value)) {
            throw new IllegalArgumentException(
                    prefix + " has a null value or one with a line break or NUL: '" + value + "'");
        } else if (owned.containsKey(name)) {
            throw new IllegalArgumentException(prefix + " is set by " + owned.get(name)
                    + "; use that instead of withFlag(\"" + name + "\", \"" + value + "\")");
        } else if (values.containsKey(name) && !values.get(name).equals(value)) {
            throw new IllegalArgumentException(
                    prefix + " is set twice: '" + values.get(name) + "' and then '" + value + "'");
        }
        values.put(name, value);
    }

    String get(String name) {
        return values.get(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Map<String, String> asMap() {
        return new LinkedHashMap<>(values);
    }

    List<String> render() {
        List<String> out = new ArrayList<>();
        values.forEach((name, value) -> out.add(
                style == Style.MESOS && value.equals("false")
                        ? "--no-" + name
                        : style == Style.MARATHON && value.isEmpty() ? "--" + name : "--" + name + "=" + value));
        return out;
    }
}
