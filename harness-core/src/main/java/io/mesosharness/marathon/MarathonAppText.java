package io.mesosharness.marathon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@link MarathonApp} definition as text: its {@code ${VAR}} placeholders substituted, then parsed to JSON. */
final class MarathonAppText {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_.\\-]*)(?::-([^}]*))?}");

    private MarathonAppText() {}

    /** The definition text with its placeholders substituted, parsed to a JSON object. */
    static ObjectNode parse(String text, String source, Map<String, ?> variables, Function<String, String> env) {
        String substituted = substitute(text, source, variables == null ? Map.of() : variables, env);
        JsonNode node;
        try {
            node = HttpSupport.mapper().readTree(substituted);
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(
                    "Marathon app definition from " + source + " is not valid JSON" + location + ": "
                            + e.getOriginalMessage(),
                    e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("Marathon app definition from " + source + " must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        return (ObjectNode) node;
    }

    static String substitute(String text, String source, Map<String, ?> variables, Function<String, String> env) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        Set<String> unresolved = new LinkedHashSet<>();
        List<Integer> lines = new ArrayList<>();
        while (matcher.find()) {
            String replacement;
            if (!matcher.group(1).isEmpty()) {
                replacement = matcher.group().substring(1); // $${X} -> ${X}
            } else {
                String name = matcher.group(2);
                Object value = variables.get(name);
                if (value == null) {
                    value = env.apply(name);
                }
                if (value == null) {
                    value = matcher.group(3);
                }
                if (value == null) {
                    if (unresolved.add(name)) {
                        lines.add(lineOf(text, matcher.start()));
                    }
                    replacement = matcher.group();
                } else {
                    replacement = value.toString();
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        if (!unresolved.isEmpty()) {
            List<String> described = new ArrayList<>();
            int i = 0;
            for (String name : unresolved) {
                described.add("${" + name + "} (line " + lines.get(i++) + ")");
            }
            throw new IllegalArgumentException("Unresolved variable" + (unresolved.size() > 1 ? "s " : " ")
                    + String.join(", ", described) + " in Marathon app definition from " + source
                    + ": not in the given variables nor in the environment (write $${NAME} for a literal ${NAME})");
        }
        return out.toString();
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
