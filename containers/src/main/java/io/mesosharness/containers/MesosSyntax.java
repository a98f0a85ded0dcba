package io.mesosharness.containers;

import java.util.regex.Pattern;

/** Patterns shared by the Mesos value parsers. */
final class MesosSyntax {

    /** Characters Mesos' grammar allows in text values and names. */
    static final Pattern TEXT = Pattern.compile("[a-zA-Z0-9_/.\\-]+");

    /** What the agent's parser reads as a scalar. */
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private MesosSyntax() {}

    /**
     * Splits Mesos' {@code name:value;name:value} syntax (also newline-separated) as the agent does: at {@code ;} or
     * newline, then at the first {@code :}. Blank text is no entries. Unlike the agent, which skips empty entries,
     * an empty entry ({@code rack:a;;}, a leading or trailing {@code ;}) is rejected: in a test topology it is a
     * typo. Whitespace around the whole text (a YAML block's final newline) is not an entry.
     *
     * @param kind        "attributes" or "resources", for the message
     * @param expectation what an entry should look like, for the message
     */
    static void forEachPair(
            String text, String kind, String expectation, java.util.function.BiConsumer<String, String> pair) {
        String body = text.strip();
        if (body.isEmpty()) {
            return;
        }
        String[] tokens = body.split("[;\n]", -1);
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
            pair.accept(token.substring(0, colon), token.substring(colon + 1));
        }
    }
}
