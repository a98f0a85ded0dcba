package io.mesosharness.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Ansible reads of an inventory: groups (hosts, children, vars) and hosts (their line variables) of the INI file,
 * each with the line it was given on, and the variables of {@code group_vars/} and {@code host_vars/}: for a group or
 * host {@code x}, the file {@code x}, {@code x.yml}, {@code x.yaml} or {@code x.json}, or every such file in a
 * directory {@code x/} (in name order), each a YAML mapping of variable to value. {@link AnsibleInventoryReader} gives
 * it meaning.
 */
final class AnsibleInventoryParser {
    private static final Pattern RANGE = Pattern.compile("\\[([a-zA-Z0-9]+):([a-zA-Z0-9]+)(?::(\\d+))?\\]");

    /**
     * A variable's value and where it was set.
     *
     * @param value  the text; null when the value is not a single value (a list or mapping in a vars file)
     * @param source the inventory's name, or the vars file (e.g. {@code group_vars/all.yml})
     */
    record Var(String value, int line, String source) {
        boolean isScalar() {
            return value != null;
        }
    }

    static final class Group {
        final String name;
        final int line;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        /** From {@code [name:vars]}. */
        final Map<String, Var> vars = new LinkedHashMap<>();
        /** From {@code group_vars/name}; win over {@link #vars} (Ansible's precedence). */
        final Map<String, Var> fileVars = new LinkedHashMap<>();

        Group(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    static final class Host {
        final String name;
        final int line;
        /** From the host line. */
        final Map<String, Var> vars = new LinkedHashMap<>();
        /** From {@code host_vars/name}; win over {@link #vars}. */
        final Map<String, Var> fileVars = new LinkedHashMap<>();

        Host(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    final String source;
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<String, Host> hosts = new LinkedHashMap<>();

    private AnsibleInventoryParser(String source) {
        this.source = source;
    }

    static AnsibleInventoryParser parse(String content, String source) {
        AnsibleInventoryParser parser = new AnsibleInventoryParser(source);
        parser.parse(content);
        return parser;
    }

    private void parse(String content) {
        Group current = group("ungrouped", 0);
        String kind = "";
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw fail(
                            lineNo,
                            "",
                            "bad section header '" + line + "': expected [group], [group:children] or "
                                    + "[group:vars]");
                }
                String header = line.substring(1, line.length() - 1).strip();
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon);
                String suffix = colon < 0 ? "" : header.substring(colon + 1);
                if (name.isEmpty() || name.contains(" ")) {
                    throw fail(lineNo, "", "bad group name '" + name + "' in '" + line + "'");
                }
                if (!List.of("", "children", "vars").contains(suffix)) {
                    throw fail(
                            lineNo,
                            "[" + header + "]",
                            Names.unknown("section kind", ":" + suffix, List.of(":children", ":vars")));
                }
                kind = suffix;
                current = group(name, lineNo);
                continue;
            }
            switch (kind) {
                case "" -> hostLine(current, line, lineNo);
                case "children" -> childLine(current, line, lineNo);
                default -> varLine(current, line, lineNo);
            }
        }
    }

    private void hostLine(Group group, String line, int lineNo) {
        List<String> tokens = tokenize(line, lineNo);
        if (tokens.isEmpty()) {
            return;
        }
        Map<String, Var> vars = new LinkedHashMap<>();
        for (String token : tokens.subList(1, tokens.size())) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw fail(lineNo, tokens.get(0), "expected name=value after the host name, got '" + token + "'");
            }
            vars.put(token.substring(0, eq), new Var(token.substring(eq + 1), lineNo, source));
        }
        for (String name : expand(tokens.get(0), lineNo)) {
            Host host = hosts.computeIfAbsent(name, n -> new Host(n, lineNo));
            host.vars.putAll(vars);
            group.hosts.add(name);
        }
    }

    private void childLine(Group group, String line, int lineNo) {
        String child = tokenize(line, lineNo).get(0);
        if (child.equals(group.name)) {
            throw fail(lineNo, "[" + group.name + ":children]", "group '" + child + "' cannot be its own child");
        }
        group.children.add(child);
        group(child, lineNo).parents.add(group.name);
    }

    private void varLine(Group group, String line, int lineNo) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            throw fail(lineNo, "[" + group.name + ":vars]", "expected name=value, got '" + line + "'");
        }
        String value = line.substring(eq + 1).strip();
        if (value.length() >= 2
                && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        group.vars.put(line.substring(0, eq).strip(), new Var(value, lineNo, source));
    }

    /** Splits on spaces outside quotes, removes the quotes, stops at a '#' that starts a word. */
    private List<String> tokenize(String line, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    token.append(line.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                } else {
                    token.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                }
            } else if (c == '#' && !inToken) {
                break;
            } else {
                token.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw fail(lineNo, "", "unclosed " + quote + " quote in '" + line + "'");
        }
        if (inToken) {
            out.add(token.toString());
        }
        return out;
    }

    /** Expands Ansible host ranges: {@code web[1:3]}, {@code db[01:10]}, {@code rack[a:c]}, {@code n[0:10:5]}. */
    private List<String> expand(String pattern, int lineNo) {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        String from = m.group(1);
        String to = m.group(2);
        int step = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        List<String> values = new ArrayList<>();
        if (from.chars().allMatch(Character::isDigit) && to.chars().allMatch(Character::isDigit)) {
            int a = Integer.parseInt(from);
            int b = Integer.parseInt(to);
            for (int v = a; v <= b && step > 0; v += step) {
                String s = String.valueOf(v);
                values.add(
                        from.length() > 1 && from.startsWith("0")
                                ? "0".repeat(Math.max(0, from.length() - s.length())) + s
                                : s);
            }
        } else if (from.length() == 1
                && to.length() == 1
                && Character.isLetter(from.charAt(0))
                && Character.isLetter(to.charAt(0))) {
            for (char c = from.charAt(0); c <= to.charAt(0) && step > 0; c += step) {
                values.add(String.valueOf(c));
            }
        }
        if (values.isEmpty()) {
            throw fail(lineNo, pattern, "bad host range '" + m.group() + "': expected [1:3], [01:10] or [a:c]");
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.addAll(expand(pattern.substring(0, m.start()) + v + pattern.substring(m.end()), lineNo));
        }
        return out;
    }

    Group group(String name, int line) {
        return groups.computeIfAbsent(name, n -> new Group(n, line));
    }

    TopologyException fail(int line, String path, String problem) {
        return new TopologyException(source, line, path, problem, null);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AnsibleInventoryParser.class);
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    /** Where the inventory's neighbours are: a directory, or a classpath folder (which cannot be listed). */
    interface Location {
        /** The content of this relative path, if it is a file. */
        Optional<String> read(String relative);

        /** The file names in this relative directory, sorted; empty when it is none or cannot be listed. */
        default List<String> list(String relativeDir) {
            return List.of();
        }
    }

    /** The directory that holds the inventory file. */
    static Location directory(Path dir) {
        return new Location() {
            @Override
            public Optional<String> read(String relative) {
                Path p = dir.resolve(relative);
                try {
                    return Files.isRegularFile(p)
                            ? Optional.of(Files.readString(p, StandardCharsets.UTF_8))
                            : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + p, e);
                }
            }

            @Override
            public List<String> list(String relativeDir) {
                Path d = dir.resolve(relativeDir);
                try (Stream<Path> files = Files.isDirectory(d) ? Files.list(d) : Stream.empty()) {
                    return files.map(f -> f.getFileName().toString()).sorted().toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + d, e);
                }
            }
        };
    }

    /** Reads {@code group_vars/} and {@code host_vars/} into the parsed inventory's groups and hosts. */
    static void readVarsFiles(AnsibleInventoryParser inventory, Location at) {
        if (!inventory.groups.containsKey("all")) {
            Map<String, Var> all = varsOf("group_vars", "all", at);
            if (!all.isEmpty()) {
                inventory.group("all", 0).fileVars.putAll(all);
            }
        }
        for (AnsibleInventoryParser.Group g : inventory.groups.values()) {
            g.fileVars.putAll(varsOf("group_vars", g.name, at));
        }
        for (AnsibleInventoryParser.Host h : inventory.hosts.values()) {
            h.fileVars.putAll(varsOf("host_vars", h.name, at));
        }
        unmatched(inventory, at, "group_vars", "group", List.copyOf(inventory.groups.keySet()));
        unmatched(inventory, at, "host_vars", "host", List.copyOf(inventory.hosts.keySet()));
    }

    private static Map<String, Var> varsOf(String dir, String name, Location at) {
        Map<String, Var> out = new LinkedHashMap<>();
        for (String ext : EXTENSIONS) {
            String file = dir + "/" + name + ext;
            at.read(file).ifPresent(content -> out.putAll(parseVarsFile(content, file)));
        }
        String sub = dir + "/" + name;
        for (String f : at.list(sub)) {
            if (EXTENSIONS.stream().skip(1).anyMatch(f::endsWith)) {
                String file = sub + "/" + f;
                at.read(file).ifPresent(content -> out.putAll(parseVarsFile(content, file)));
            }
        }
        return out;
    }

    /** A vars file for a name the inventory does not have: an error when it looks like a typo, else logged. */
    private static void unmatched(
            AnsibleInventoryParser inventory, Location at, String dir, String what, List<String> names) {
        for (String f : at.list(dir)) {
            String name = f;
            for (String ext : EXTENSIONS.subList(1, EXTENSIONS.size())) {
                if (name.endsWith(ext)) {
                    name = name.substring(0, name.length() - ext.length());
                }
            }
            if (names.contains(name) || name.equals("all") || name.startsWith(".")) {
                continue;
            }
            Optional<String> close = Names.closest(name, names);
            if (close.isPresent()) {
                throw new TopologyException(
                        dir + "/" + f,
                        0,
                        "",
                        "the inventory " + inventory.source + " has no " + what + " '" + name + "' (did you mean '"
                                + close.get() + "'?); Ansible would ignore this file");
            }
            LOG.info("{}/{}: no {} '{}' in {}; ignored, as Ansible does", dir, f, what, name, inventory.source);
        }
    }

    /** The variables of one vars file: a YAML (or JSON) mapping, or empty. */
    static Map<String, Var> parseVarsFile(String content, String file) {
        if (content.startsWith("$ANSIBLE_VAULT")) {
            throw new TopologyException(
                    file, 1, "", "is encrypted with ansible-vault; mesos-harness reads plain vars files only");
        }
        Map<String, TopologyYaml.Spot> spots = TopologyYaml.scan(content, file);
        TopologyYaml.Spot doc = spots.get("");
        if (doc == null || "".equals(doc.text())) {
            return Map.of();
        }
        if (!doc.shown().equals("a mapping")) {
            throw new TopologyException(
                    file, doc.line(), "", "expected a mapping of variable names to values, got " + doc.shown());
        }
        Map<String, Var> out = new LinkedHashMap<>();
        spots.forEach((path, spot) -> {
            if (!path.isEmpty() && !path.contains(".") && !path.contains("[")) {
                out.put(path, new Var(spot.text(), spot.keyLine(), file));
            }
        });
        return out;
    }
}
