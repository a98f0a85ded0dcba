package io.mesosharness.marathon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Marathon definition ({@link MarathonApp}, {@link MarathonPod}, {@link MarathonGroup}) as loaded: the text of a
 * file, a classpath resource or a string, its {@code ${VAR}} placeholders substituted, parsed to a JSON object, with
 * the line of every field path ({@code apps[1].dependencies[0]}) for messages.
 */
record DefinitionText(String what, String source, ObjectNode json, Map<String, Integer> lines) {

    /** One segment of a Marathon id. */
    static final Pattern ID_SEGMENT =
            Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_.\\-]*)(?::-([^}]*))?}");

    /** {@code what} is e.g. "Marathon app definition". */
    static DefinitionText file(String what, Path file, Map<String, ?> variables) {
        Objects.requireNonNull(file, "file");
        try {
            return parse(what, Files.readString(file), "file " + file, variables, System::getenv);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + what + " file " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /** A classpath resource ({@code apps/web.json}, with or without a leading '/'). */
    static DefinitionText resource(String what, String resource, Map<String, ?> variables) {
        String name = Objects.requireNonNull(resource, "classpathResource").replaceFirst("^/", "");
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : DefinitionText.class.getClassLoader();
        String text;
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException(what + " classpath resource '" + resource + "' not found");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read classpath resource '" + resource + "': " + e, e);
        }
        return parse(what, text, "classpath resource " + name, variables, System::getenv);
    }

    static DefinitionText string(String what, String json, Map<String, ?> variables) {
        return parse(what, Objects.requireNonNull(json, "json"), "JSON string", variables, System::getenv);
    }

    /** Substitutes the placeholders from {@code variables}, else {@code env}, then parses. */
    static DefinitionText parse(
            String what, String text, String source, Map<String, ?> variables, Function<String, String> env) {
        String substituted = substitute(text, what, source, variables == null ? Map.of() : variables, env);
        JsonNode node;
        try {
            node = HttpSupport.mapper().readTree(substituted);
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(
                    what + " from " + source + " is not valid JSON" + location + ": " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException(what + " from " + source + " must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        return new DefinitionText(what, source, object, lines(substituted));
    }

    /** The definition at {@code field} (e.g. {@code apps[1]}) as one of its own, with the lines of its fields. */
    DefinitionText part(String partWhat, String field, String partSource, ObjectNode partJson) {
        Map<String, Integer> own = new HashMap<>();
        lines.forEach((path, line) -> {
            if (path.startsWith(field + ".")) {
                own.put(path.substring(field.length() + 1), line);
            }
        });
        return new DefinitionText(partWhat, partSource, partJson, own);
    }

    DefinitionText with(ObjectNode json) {
        return new DefinitionText(what, source, json, lines);
    }

    /** The line of a field ({@code line 7}), or "" if unknown. */
    String line(String field) {
        Integer line = lines.get(field);
        return line == null ? "" : "line " + line;
    }

    /** {@code <what> from <source>, line <n>: <field> = '<value>' <problem>}; a null value is 'nothing'. */
    IllegalArgumentException problem(String field, Object value, String problem) {
        String line = line(field);
        return new IllegalArgumentException(what + " from " + source + (line.isEmpty() ? "" : ", " + line) + ": "
                + field + " = '" + (value == null ? "nothing" : value) + "' " + problem);
    }

    /** Why an id ('/'-separated, the leading '/' ignored) is not a Marathon id, or null if it is one. */
    static String badId(String id) {
        for (String segment : id.replaceFirst("^/", "").split("/", -1)) {
            if (!ID_SEGMENT.matcher(segment).matches()) {
                return "segment '" + segment + "' must consist of lowercase letters, digits, '-' and '.', starting and"
                        + " ending with a letter or digit";
            }
        }
        return null;
    }

    private static String substitute(
            String text, String what, String source, Map<String, ?> variables, Function<String, String> env) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        Map<String, Integer> unresolved = new LinkedHashMap<>(); // name -> line
        while (matcher.find()) {
            String name = matcher.group(2);
            Object value = variables.get(name);
            value = value != null ? value : env.apply(name);
            value = value != null ? value : matcher.group(3);
            if (!matcher.group(1).isEmpty()) {
                value = matcher.group().substring(1); // $${X} -> ${X}
            } else if (value == null) {
                unresolved.putIfAbsent(name, text.substring(0, matcher.start()).split("\n", -1).length);
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        if (!unresolved.isEmpty()) {
            String names = unresolved.entrySet().stream()
                    .map(e -> "${" + e.getKey() + "} (line " + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("Unresolved variable" + (unresolved.size() > 1 ? "s " : " ") + names
                    + " in " + what + " from " + source
                    + ": not in the given variables nor in the environment (write $${NAME} for a literal ${NAME})");
        }
        return matcher.appendTail(out).toString();
    }

    private static Map<String, Integer> lines(String json) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = HttpSupport.mapper().getFactory().createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                JsonStreamContext at = t.isStructStart() ? p.getParsingContext().getParent() : p.getParsingContext();
                if (t != JsonToken.FIELD_NAME && !t.isStructEnd()) {
                    lines.putIfAbsent(path(at), p.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static String path(JsonStreamContext c) {
        if (c == null || c.inRoot()) {
            return "";
        }
        String parent = path(c.getParent());
        if (c.inArray()) {
            return parent + "[" + c.getCurrentIndex() + "]";
        }
        String name = c.getCurrentName();
        return name == null ? parent : parent.isEmpty() ? name : parent + "." + name;
    }
}
