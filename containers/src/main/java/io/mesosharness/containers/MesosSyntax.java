package io.mesosharness.containers;

import java.util.regex.Pattern;

/** Patterns shared by the Mesos value parsers. */
final class MesosSyntax {

    /** Characters Mesos' grammar allows in text values and names. */
    static final Pattern TEXT = Pattern.compile("[a-zA-Z0-9_/.\\-]+");

    /** What the agent's parser reads as a scalar. */
    static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private MesosSyntax() {
    }
}
