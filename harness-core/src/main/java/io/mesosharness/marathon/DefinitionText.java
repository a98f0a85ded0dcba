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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Marathon definition ({@link MarathonApp}, {@link MarathonGroup}) as text: read from a file or a classpath resource,
 * its {@code ${VAR}} placeholders substituted, then parsed to JSON; {@link #lines} finds the line of a field for
 * messages.
 */
final class DefinitionText {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$(\\$?)\\{([A-Za-z_][A-Za-z0-9_.\\-]*)(?::-([^}]*))?}");

    private DefinitionText() {}

    /** The text of a definition file; {@code what} is e.g. "Marathon app definition". */
    static String file(Path file, String what) {
        Objects.requireNonNull(file, "file");
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + what + " file " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /** The text of a classpath resource ({@code apps/web.json}, with or without a leading '/'). */
    static String resource(String classpathResource, String what) {
        Objects.requireNonNull(classpathResource, "classpathResource");
        String name = resourceName(classpathResource);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = DefinitionText.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException(what + " classpath resource '" + classpathResource + "' not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read classpath resource '" + classpathResource + "': " + e, e);
        }
    }

    static String resourceName(String classpathResource) {
        return classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
    }

    /** The definition text with its placeholders substituted, parsed to a JSON object. */
    static ObjectNode parse(
            String text, String what, String source, Map<String, ?> variables, Function<String, String> env) {
        return parse(substitute(text, what, source, variables == null ? Map.of() : variables, env), what, source);
    }

    /** Substituted text parsed to a JSON object. */
    static ObjectNode parse(String substituted, String what, String source) {
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
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " from " + source + " must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        return (ObjectNode) node;
    }

    static String substitute(
            String text, String what, String source, Map<String, ?> variables, Function<String, String> env) {
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
                    + String.join(", ", described) + " in " + what + " from " + source
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

    /**
     * The line of every field and value of a JSON text by path ({@code apps[1].dependencies[0]}; the document is "").
     * The text must be valid JSON (parse it first).
     */
    static Map<String, Integer> lines(String json) {
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
