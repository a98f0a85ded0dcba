package io.mesosharness.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The syntax side of {@link YamlTopologyReader}: YAML as a small tree that keeps the line of every key and value. */
final class YamlNodes {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlNodes() {}

    enum Kind {
        MAP,
        LIST,
        SCALAR,
        NULL
    }

    static final class Node {
        final Kind kind;
        final int line;
        final String text;
        final Map<String, Node> fields = new LinkedHashMap<>();
        final Map<String, Integer> keyLines = new HashMap<>();
        final List<Node> items = new ArrayList<>();

        Node(Kind kind, int line, String text) {
            this.kind = kind;
            this.line = line;
            this.text = text;
        }

        String describe() {
            switch (kind) {
                case MAP:
                    return "a mapping";
                case LIST:
                    return "a list";
                case NULL:
                    return "nothing";
                default:
                    return "'" + text + "'";
            }
        }
    }

    static Node parse(String content, String source, List<String> topFields) {
        try (JsonParser p = FACTORY.createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new TopologyException(
                        source, 1, "", "empty topology file; expected the fields " + String.join(", ", topFields));
            }
            Node root = node(p, source);
            JsonToken more = p.nextToken();
            if (more != null) {
                throw new TopologyException(
                        source,
                        line(p.currentTokenLocation()),
                        "",
                        "more than one YAML document; a topology file holds one");
            }
            return root;
        } catch (JsonProcessingException e) {
            StringBuilder message = new StringBuilder();
            for (String part : String.valueOf(e.getOriginalMessage()).split("\n")) {
                if (!part.isBlank() && !Character.isWhitespace(part.charAt(0)) && !part.startsWith("at [")) {
                    message.append(message.length() == 0 ? "" : "; ").append(part.strip());
                }
            }
            throw new TopologyException(
                    source, e.getLocation() == null ? 0 : line(e.getLocation()), "", "invalid YAML: " + message, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Node node(JsonParser p, String source) throws IOException {
        int line = line(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Node map = new Node(Kind.MAP, line, null);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p.currentTokenLocation());
                if (map.fields.containsKey(key)) {
                    throw new TopologyException(
                            source,
                            keyLine,
                            key,
                            "field '" + key + "' is given twice (also line " + map.keyLines.get(key) + ")");
                }
                p.nextToken();
                map.fields.put(key, node(p, source));
                map.keyLines.put(key, keyLine);
            }
            return map;
        }
        if (t == JsonToken.START_ARRAY) {
            Node list = new Node(Kind.LIST, line, null);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                list.items.add(node(p, source));
            }
            return list;
        }
        if (t == JsonToken.VALUE_NULL) {
            return new Node(Kind.NULL, line, null);
        }
        return new Node(Kind.SCALAR, line, p.getText());
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }
}
