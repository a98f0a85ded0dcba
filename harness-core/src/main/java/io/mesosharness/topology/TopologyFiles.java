package io.mesosharness.topology;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads topologies from YAML topology files and Ansible INI inventories (docs/TOPOLOGY.md). The format follows the
 * file name: {@code .yml}/{@code .yaml} is YAML; {@code .ini}, no extension, {@code hosts} or {@code inventory} is an
 * inventory; anything else is recognised by its content. Errors are {@link TopologyException}s naming the file, the
 * line, the field and the bad value.
 */
public final class TopologyFiles {
    private static final Pattern INI_SECTION = Pattern.compile("(?m)^\\s*\\[[^\\]\\s]+\\]\\s*$");
    private static final Pattern YAML_KEY = Pattern.compile("(?m)^[A-Za-z_][A-Za-z0-9_]*:(\\s|$)");

    private TopologyFiles() {}

    /** Reads a topology file; the source name in errors is the file name. */
    public static Topology load(Path file) {
        if (Files.isDirectory(file)) {
            throw new TopologyException(
                    file.toString(),
                    0,
                    "",
                    "is a directory; give the topology file or the inventory file itself, e.g. "
                            + file.resolve("hosts"));
        }
        return parse(read(file, "topology file"), name(file), vars(file));
    }

    /** Reads an Ansible INI inventory file with its {@code group_vars/} and {@code host_vars/}, whatever its name. */
    public static Topology loadAnsibleInventory(Path file, InventoryOptions options) {
        return AnsibleInventory.read(read(file, "inventory file"), name(file), options, vars(file));
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TopologyException(file.toString(), 0, "", what + " not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + what + " " + file, e);
        }
    }

    private static String name(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    /** The inventory's directory, for its {@code group_vars/} and {@code host_vars/}. */
    private static Optional<AnsibleInventory.Location> vars(Path file) {
        return Optional.ofNullable(file.toAbsolutePath().getParent())
                .map(dir -> new AnsibleInventory.Location(
                        relative -> Optional.of(dir.resolve(relative))
                                .filter(Files::isRegularFile)
                                .map(f -> read(f, "vars file")),
                        relative -> Stream.of(Objects.requireNonNullElse(
                                        dir.resolve(relative).toFile().list(), new String[0]))
                                .sorted()
                                .toList()));
    }

    /** Reads a topology file from the classpath, e.g. {@code "prod-like.yml"} or {@code "inventory/hosts"}. */
    public static Topology loadResource(String resource) {
        return findResource(resource, TopologyFiles.class.getClassLoader())
                .orElseThrow(
                        () -> new TopologyException(resource, 0, "", "topology resource not found on the classpath"));
    }

    /**
     * Reads a topology file from the classpath of the thread's context class loader, else of {@code loader} (e.g. a
     * test class's), else of this library, with the vars files beside it; empty if none has the resource.
     */
    public static Optional<Topology> findResource(String resource, ClassLoader loader) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        String folder = path.substring(0, path.lastIndexOf('/') + 1);
        // vars files next to it: single files only, a classpath folder cannot be listed
        var varsAt = new AnsibleInventory.Location(relative -> readResource(folder + relative, loader), r -> List.of());
        return readResource(path, loader)
                .map(content -> parse(content, path.substring(folder.length()), Optional.of(varsAt)));
    }

    private static Optional<String> readResource(String path, ClassLoader loader) {
        URL url = Stream.of(
                        Thread.currentThread().getContextClassLoader(), loader, TopologyFiles.class.getClassLoader())
                .filter(Objects::nonNull)
                .map(l -> l.getResource(path))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (url == null || url.getPath().endsWith("/")) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a directory on a file: classpath opens as a listing or fails; neither is a topology or vars file
            return Optional.empty();
        }
    }

    /** Reads either format, chosen by the source name, else by the content. */
    public static Topology parse(String content, String sourceName) {
        return parse(content, sourceName, Optional.empty());
    }

    private static Topology parse(String content, String sourceName, Optional<AnsibleInventory.Location> varsAt) {
        return isInventory(content, sourceName)
                ? AnsibleInventory.read(content, sourceName, InventoryOptions.defaults(), varsAt)
                : parseYaml(content, sourceName);
    }

    /** Reads the YAML topology format. */
    public static Topology parseYaml(String content, String sourceName) {
        return TopologyYaml.read(content, sourceName);
    }

    /** Reads an Ansible INI inventory with the agents scaled to fit one machine ({@link Topology#scaledToFitOneMachine()}). */
    public static Topology parseAnsibleInventory(String content, String sourceName) {
        return parseAnsibleInventory(content, sourceName, true);
    }

    /** Reads an Ansible INI inventory; {@code scaleToFit=false} keeps the resources as the inventory gives them. */
    public static Topology parseAnsibleInventory(String content, String sourceName, boolean scaleToFit) {
        return parseAnsibleInventory(content, sourceName, new InventoryOptions(scaleToFit, false));
    }

    /** Reads an Ansible INI inventory text (no {@code group_vars/}: the text has no directory). */
    public static Topology parseAnsibleInventory(String content, String sourceName, InventoryOptions options) {
        return AnsibleInventory.read(content, sourceName, options, Optional.empty());
    }

    static boolean isInventory(String content, String sourceName) {
        String name = sourceName.substring(sourceName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        boolean ini = INI_SECTION.matcher(content).find();
        boolean yaml = YAML_KEY.matcher(content).find();
        return !name.endsWith(".yml")
                && !name.endsWith(".yaml")
                && (name.endsWith(".ini")
                        || name.equals("hosts")
                        || name.equals("inventory")
                        || (name.contains(".") ? ini && !yaml : ini || !yaml));
    }
}
