package io.mesosharness.containers;

import java.util.Map;

/**
 * An agent's attributes ({@code --attributes}), parsed as the agent parses them ({@link MesosValueMap}): {@code rack:1}
 * is the number 1, not the text "1". Set values and empty names or values are rejected: the agent exits on them.
 */
public final class MesosAttributes extends MesosValueMap {

    private MesosAttributes(String text) {
        super("attributes", "name:value", text);
    }

    public static MesosAttributes empty() {
        return parse("");
    }

    /** Parses {@code rack:a;zone:eu-1}; blank text gives no attributes. */
    public static MesosAttributes parse(String text) {
        return new MesosAttributes(text);
    }

    /** Attributes from a map of name to value text (each value parsed as by {@link #parse(String)}), in map order. */
    public static MesosAttributes of(Map<String, String> attributes) {
        return parse(join(attributes));
    }

    @Override
    void check(String where, String name, String value, MesosValue parsed) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException(
                    where + "an attribute has an empty name (value '" + value + "'); the agent exits on that");
        }
        if (!TEXT.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    where + "attribute name '" + name + "' may only contain letters, digits and _ / . -");
        }
        if (parsed instanceof MesosValue.Set) {
            throw new IllegalArgumentException(where + "attribute '" + name + "' has the set value '" + value
                    + "'; Mesos agents accept sets only in resources and crash at startup on a set attribute"
                    + " (\"Bad type for attribute\"). Use text, a number or a range [b-e].");
        }
    }
}
