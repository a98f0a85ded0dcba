package io.mesosharness.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Command-line flags of one process, rendered as {@code --name=value} (never {@code --name value}). Flags set by
 * a typed setter are owned by it: {@code withFlag} may not set them as well.
 */
final class Flags {

    /** How a flag value is written. */
    enum Style {
        /** Mesos: {@code false} becomes {@code --no-name}, everything else {@code --name=value}. */
        MESOS,
        /** Marathon (Scallop): an empty value becomes a bare {@code --name} toggle. */
        MARATHON
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final String process;
    private final Style style;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> owners = new LinkedHashMap<>();

    Flags(String process, Style style) {
        this.process = process;
        this.style = style;
    }

    /** A flag set by a typed setter ({@code owner} names it, e.g. "withZooKeeper(String)"). */
    void setOwned(String name, String value, String owner) {
        owners.put(name, owner);
        values.put(name, value);
    }

    void removeOwned(String name, String owner) {
        owners.put(name, owner);
        values.remove(name);
    }

    /** A flag given through {@code withFlag}. */
    void setUser(String name, String value) {
        checkName(name);
        if (value == null) {
            throw new IllegalArgumentException("Flag --" + name + " of " + process + " has a null value");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "Flag --" + name + " of " + process + " has a value with a line break or NUL: '" + value + "'");
        }
        String owner = owners.get(name);
        if (owner != null) {
            throw new IllegalArgumentException("Flag --" + name + " of " + process + " is set by " + owner
                    + "; use that instead of withFlag(\"" + name + "\", \"" + value + "\")");
        }
        String before = values.get(name);
        if (before != null && !before.equals(value)) {
            throw new IllegalArgumentException(
                    "Flag --" + name + " of " + process + " is set twice: '" + before + "' and then '" + value + "'");
        }
        values.put(name, value);
    }

    void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            String hint = name != null && name.startsWith("no-")
                    ? " (write a false boolean as withFlag(\"" + name.substring(3) + "\", \"false\"))"
                    : name != null && name.startsWith("--") ? " (give the name without the leading --)" : "";
            throw new IllegalArgumentException("Bad flag name '" + name + "' for " + process
                    + ": expected lower-case letters, digits and _ such as work_dir" + hint);
        }
    }

    /** Flag name to the setter that owns it, for every flag {@code withFlag} may not set. */
    Map<String, String> owners() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(owners));
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
        values.forEach((name, value) -> out.add(render(name, value)));
        return out;
    }

    private String render(String name, String value) {
        if (style == Style.MESOS && value.equals("false")) {
            return "--no-" + name;
        }
        if (style == Style.MARATHON && value.isEmpty()) {
            return "--" + name;
        }
        return "--" + name + "=" + value;
    }
}
