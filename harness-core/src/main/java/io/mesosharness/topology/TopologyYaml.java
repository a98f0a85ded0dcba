package io.mesosharness.topology;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.mesosharness.containers.MesosValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The YAML topology format (docs/TOPOLOGY.md): Jackson reads it into the records below and writes them. A first pass
 * over the tokens keeps the line of every key and value, so that errors name them.
 */
final class TopologyYaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build())
            .setDefaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS));

    record Doc(
            String name,
            String masters,
            String quorum,
            List<Agent> agents,
            Map<String, String> agentFlags,
            Marathon marathon,
            ZooKeeper zookeeper,
            Masters masterSettings) {}

    record Agent(
            String name,
            String count,
            Pairs attributes,
            Pairs resources,
            Map<String, String> flags,

            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> containerizers) {}

    record Marathon(
            String role,
            String principal,

            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<String> features,

            String minReviveOffersInterval,
            Map<String, String> flags) {}

    record ZooKeeper(String image) {}

    record Masters(String agentPingTimeout, String maxAgentPingTimeouts, String registry, Map<String, String> flags) {}

    /** Attributes or resources: Mesos text ({@code "rack:a;zone:b"}) or a mapping. */
    record Pairs(String text, Map<String, String> map) {
        @JsonCreator
        static Pairs of(String text) {
            return new Pairs(text, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Pairs of(Map<String, String> map) {
            return new Pairs(null, map);
        }

        @JsonValue
        Object json() {
            return text != null ? text : map;
        }
    }

    /**
     * Where a value is: its line and its key's; its text ("" for nothing, null for a list or mapping) and how
     * messages show it ({@code 'x'}, a list, a mapping or nothing).
     */
    record Spot(int line, int keyLine, String text, String shown) {}

    private final String source;
    private final Map<String, Spot> spots;

    private TopologyYaml(String source, Map<String, Spot> spots) {
        this.source = source;
        this.spots = spots;
    }

    static Topology read(String content, String source) {
        TopologyYaml yaml = new TopologyYaml(source, scan(content, source));
        Doc doc;
        try {
            doc = yaml.spots.isEmpty() ? null : MAPPER.readValue(content, Doc.class);
        } catch (JsonMappingException e) {
            throw yaml.mappingError(e);
        } catch (JsonProcessingException e) {
            throw invalid(e, content, source);
        }
        if (doc == null) {
            throw new TopologyException(
                    source, yaml.spot("").line(), "", "empty topology file; expected the fields " + fields(Doc.class));
        }
        try {
            return topology(doc);
        } catch (TopologyException e) {
            throw e.at(null, source, yaml.spot(e.path()).line());
        }
    }

    private static Topology topology(Doc doc) {
        Topology.Builder b = Topology.builder();
        Marathon m = Objects.requireNonNullElse(doc.marathon, new Marathon(null, null, null, null, null));
        Masters ms = Objects.requireNonNullElse(doc.masterSettings, new Masters(null, null, null, null));
        given(doc.name, b::name);
        given(doc.masters, v -> b.masters(integer("masters", v)));
        given(doc.quorum, v -> b.quorum(integer("quorum", v)));
        List<Agent> agents = Objects.requireNonNullElse(doc.agents, List.of());
        for (int i = 0; i < agents.size(); i++) {
            b.agent(agent(agents.get(i), "agents[" + i + "]"));
        }
        flags(doc.agentFlags, b::agentFlag);
        given(m.role, v -> b.marathon(s -> s.role(v)));
        given(m.principal, v -> b.marathon(s -> s.principal(v)));
        given(m.features, v -> b.marathon(s -> s.features(commaSeparated(v))));
        String revive = "marathon.minReviveOffersInterval";
        given(m.minReviveOffersInterval, v -> b.marathon(s -> s.minReviveOffersInterval(duration(revive, v))));
        flags(m.flags, (name, value) -> b.marathon(s -> s.flag(name, value)));
        given(doc.zookeeper == null ? null : doc.zookeeper.image, v -> b.zookeeper(ZooKeeperSettings.withImage(v)));
        String at = "masterSettings.";
        given(
                ms.agentPingTimeout,
                v -> b.masterSettings(s -> s.agentPingTimeout(duration(at + "agentPingTimeout", v))));
        given(
                ms.maxAgentPingTimeouts,
                v -> b.masterSettings(s -> s.maxAgentPingTimeouts(integer(at + "maxAgentPingTimeouts", v))));
        given(ms.registry, v -> b.masterSettings(s -> s.registry(MasterSettings.Registry.parse(v))));
        flags(ms.flags, (name, value) -> b.masterSettings(s -> s.flag(name, value)));
        return b.build();
    }

    /** The agent group; its errors name the agent by its index ({@code agents[1].count}), as the file does. */
    private static AgentGroup agent(Agent a, String at) {
        TopologyException.require(a != null && a.name != null, at + ".name", "missing: every agent needs a name");
        try {
            AgentGroup[] g = {AgentGroup.named(a.name)};
            given(a.count, v -> g[0] = g[0].count(integer(at + ".count", v)));
            given(a.attributes, v -> g[0] = v.map == null ? g[0].attributes(v.text) : g[0].attributes(v.map));
            given(a.resources, v -> g[0] = v.map == null ? g[0].resources(v.text) : g[0].resources(v.map));
            flags(a.flags, (name, value) -> g[0] = g[0].flag(name, value));
            given(a.containerizers, v -> g[0] = g[0].containerizers(commaSeparated(v)));
            return g[0];
        } catch (TopologyException e) {
            throw e.at(at + e.path().substring(e.path().indexOf(']') + 1), null, 0);
        }
    }

    private static <T> void given(T value, Consumer<T> action) {
        if (value != null) {
            action.accept(value);
        }
    }

    /** A {@code flags:} mapping of flag name (without --) to value; a value left empty is "". */
    private static void flags(Map<String, String> flags, BiConsumer<String, String> flag) {
        given(flags, f -> f.forEach((name, value) -> flag.accept(name, Objects.requireNonNullElse(value, ""))));
    }

    /** {@code [docker, mesos]} or {@code "docker, mesos"}. */
    private static List<String> commaSeparated(List<String> values) {
        return values.stream()
                .filter(Objects::nonNull)
                .flatMap(v -> Stream.of(v.split(",")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private static int integer(String path, String text) {
        String t = text.strip();
        TopologyException.require(t.matches("[+-]?\\d{1,9}"), path, "expected a whole number, got '" + t + "'");
        return Integer.parseInt(t);
    }

    private static Duration duration(String path, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TopologyException(null, 0, path, e.getMessage(), e);
        }
    }

    /** An unknown field, or a value of the wrong kind (a list where a text belongs, ...). */
    private TopologyException mappingError(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            String field = r.getFieldName();
            path.append(field == null ? "[" + r.getIndex() + "]" : (path.length() == 0 ? "" : ".") + field);
        }
        String at = path.toString();
        Spot spot = spot(at);
        if (e instanceof UnrecognizedPropertyException u) {
            String field = u.getPropertyName();
            String hint = u.getReferringClass() == Doc.class
                            && List.of("all", "children").contains(field)
                    ? " (this looks like an Ansible YAML inventory; mesos-harness reads Ansible INI inventories)"
                    : "";
            String problem = Names.unknown("field", field, names(u.getReferringClass())) + hint;
            return new TopologyException(source, spot.keyLine(), at, problem, e);
        }
        String problem = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? "expected " + expected(m.getTargetType(), at) + ", got " + spot.shown()
                : e.getOriginalMessage();
        return new TopologyException(source, spot.line(), at, problem, e);
    }

    private static String expected(Class<?> type, String path) {
        return type.isRecord() && type != Pairs.class
                ? "a mapping with the fields " + fields(type)
                : type == String.class
                        ? "a text or number value"
                        : path.endsWith("attributes") || path.endsWith("resources")
                                ? "a name:value text or a mapping"
                                : Map.class.isAssignableFrom(type)
                                        ? "a mapping of flag name to value"
                                        : path.equals("agents")
                                                ? "a list of agents (- name: ...)"
                                                : "a list or a comma-separated text";
    }

    private static String fields(Class<?> record) {
        return String.join(", ", names(record));
    }

    private static List<String> names(Class<?> record) {
        return Stream.of(record.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }

    /** The spot of this path, else of the nearest enclosing one. */
    private Spot spot(String path) {
        for (String p = path; ; p = p.substring(0, Math.max(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('['))))) {
            Spot s = spots.get(p);
            if (s != null || p.isEmpty()) {
                return s != null ? s : new Spot(1, 1, null, "nothing");
            }
        }
    }

    /**
     * Every key and value of a YAML text by field path ({@code agents[1].name}; the document is ""), in order; empty
     * for a text without a document. Syntax errors, a key given twice and a second document are errors.
     */
    static Map<String, Spot> scan(String content, String source) {
        Map<String, Spot> spots = new LinkedHashMap<>();
        Map<String, Integer> keys = new HashMap<>();
        try (JsonParser p = MAPPER.getFactory().createParser(content)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                int line = p.currentTokenLocation().getLineNr();
                String path = p.getParsingContext()
                        .pathAsPointer()
                        .toString()
                        .replaceAll("/(\\d+)(?=/|$)", "[$1]")
                        .replace('/', '.')
                        .replaceFirst("^\\.", "");
                if (t == JsonToken.FIELD_NAME) {
                    Integer before = keys.put(path, line);
                    if (before != null) {
                        throw new TopologyException(
                                source,
                                line,
                                path,
                                "field '" + p.currentName() + "' is given twice (also line " + before + ")");
                    }
                } else if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    if (path.isEmpty() && spots.containsKey("")) {
                        throw new TopologyException(source, line, "", "more than one YAML document; a file holds one");
                    }
                    String text = t == JsonToken.VALUE_NULL ? "" : t.isScalarValue() ? p.getText() : null;
                    String shown = t == JsonToken.START_OBJECT
                            ? "a mapping"
                            : t == JsonToken.START_ARRAY ? "a list" : text.isEmpty() ? "nothing" : "'" + text + "'";
                    spots.put(path, new Spot(line, keys.getOrDefault(path, line), text, shown));
                }
            }
            return spots;
        } catch (JsonProcessingException e) {
            throw invalid(e, content, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A syntax error at SnakeYAML's line (or, when the text ends too early, where the open construct starts). */
    private static TopologyException invalid(JsonProcessingException e, String content, String source) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            boolean atEnd =
                    m.getProblemMark().getIndex() >= content.stripTrailing().length();
            Mark at = atEnd && m.getContextMark() != null ? m.getContextMark() : m.getProblemMark();
            String context = m.getContext() == null ? "" : m.getContext().strip() + "; ";
            String problem = "invalid YAML: " + context + m.getProblem().strip();
            return new TopologyException(source, at.getLine() + 1, "", problem, e);
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return new TopologyException(source, line, "", "invalid YAML: " + e.getOriginalMessage(), e);
    }

    /** The topology as a YAML topology file: every field but a defaulted quorum, empty flags, default containerizers. */
    static String write(Topology t) {
        MarathonSettings m = t.marathon();
        MasterSettings s = t.masterSettings();
        List<Agent> agents = t.agents().stream()
                .map(g -> new Agent(
                        g.name(),
                        String.valueOf(g.count()),
                        pairs(g.attributes().values()),
                        pairs(g.resources().values()),
                        g.flags().asMap(),
                        g.containerizers().equals(AgentGroup.DEFAULT_CONTAINERIZERS) ? null : g.containerizers()))
                .toList();
        Doc doc = new Doc(
                t.name(),
                String.valueOf(t.masters()),
                t.quorum() == t.masters() / 2 + 1 ? null : String.valueOf(t.quorum()),
                agents,
                t.agentFlags().asMap(),
                new Marathon(
                        m.role(),
                        m.principal(),
                        m.features(),
                        Durations.format(m.minReviveOffersInterval()),
                        m.flags()),
                t.zookeeper().image().map(ZooKeeper::new).orElse(null),
                new Masters(
                        Durations.format(s.agentPingTimeout()),
                        String.valueOf(s.maxAgentPingTimeouts()),
                        s.registry().flagValue(),
                        s.flags().asMap()));
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pairs pairs(Map<String, MesosValue> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v.render()));
        return out.isEmpty() ? null : Pairs.of(out);
    }
}
