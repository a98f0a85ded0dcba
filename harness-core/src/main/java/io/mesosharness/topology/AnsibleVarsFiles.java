package io.mesosharness.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mesosharness.topology.AnsibleInventoryParser.Var;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Ansible's {@code group_vars/} and {@code host_vars/} next to an inventory: for a group or host {@code x},
 * the file {@code x}, {@code x.yml}, {@code x.yaml} or {@code x.json}, or every such file in a directory {@code x/}
 * (in name order). Each file is a YAML mapping of variable to value; the line of every variable is kept.
 */
final class AnsibleVarsFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AnsibleVarsFiles.class);
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    /** Where the inventory's neighbours are: a directory, or a classpath folder (which cannot be listed). */
    interface Location {
        /** The content of this relative path, if it is a file. */
        Optional<String> read(String relative);

        /** The file names in this relative directory, sorted; empty when it is none or cannot be listed. */
        List<String> list(String relativeDir);
    }

    private AnsibleVarsFiles() {}

    /** The directory that holds the inventory file. */
    static Location directory(Path dir) {
        return new Location() {
            @Override
            public Optional<String> read(String relative) {
                Path p = dir.resolve(relative);
                if (!Files.isRegularFile(p)) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + p, e);
                }
            }

            @Override
            public List<String> list(String relativeDir) {
                Path d = dir.resolve(relativeDir);
                if (!Files.isDirectory(d)) {
                    return List.of();
                }
                try (Stream<Path> files = Files.list(d)) {
                    return files.map(f -> f.getFileName().toString()).sorted().toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + d, e);
                }
            }
        };
    }

    /** Reads {@code group_vars/} and {@code host_vars/} into the parsed inventory's groups and hosts. */
    static void read(AnsibleInventoryParser inventory, Location at) {
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
            at.read(file).ifPresent(content -> out.putAll(parse(content, file)));
        }
        String sub = dir + "/" + name;
        for (String f : at.list(sub)) {
            if (EXTENSIONS.stream().skip(1).anyMatch(f::endsWith)) {
                String file = sub + "/" + f;
                at.read(file).ifPresent(content -> out.putAll(parse(content, file)));
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
    static Map<String, Var> parse(String content, String file) {
        Map<String, Var> out = new LinkedHashMap<>();
        if (content.startsWith("$ANSIBLE_VAULT")) {
            throw new TopologyException(
                    file, 1, "", "is encrypted with ansible-vault; mesos-harness reads plain vars files only");
        }
        try (JsonParser p = FACTORY.createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return out;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new TopologyException(
                        file, line(p), "", "expected a mapping of variable names to values, got '" + p.getText() + "'");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int line = line(p);
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    out.put(key, new Var(null, line, file));
                } else {
                    out.put(key, new Var(value == JsonToken.VALUE_NULL ? "" : p.getText(), line, file));
                }
            }
            return out;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new TopologyException(file, line, "", "invalid YAML: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation() == null ? 0 : p.currentTokenLocation().getLineNr();
    }

    private static String firstLine(String message) {
        List<String> parts = new ArrayList<>();
        for (String part : String.valueOf(message).split("\n")) {
            if (!part.isBlank() && !Character.isWhitespace(part.charAt(0)) && !part.startsWith("at [")) {
                parts.add(part.strip());
            }
        }
        return String.join("; ", parts);
    }
}
