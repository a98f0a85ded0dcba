package io.mesosharness.topology;

import io.mesosharness.topology.AnsibleInventoryParser.Var;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
