package io.mesosharness.topology;

import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.MesosAttributes;
import io.mesosharness.containers.MesosResources;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A group of identical Mesos agents, e.g. {@code AgentGroup.named("compute").count(3).attributes("rack:a")}.
 * Immutable: the constructor checks every value, the other methods return changed copies. Host names come from the
 * name (a DNS label): {@code compute} with count 3 gives {@code compute-1} to {@code compute-3}, count 1 gives
 * {@code compute}. Resources given are merged over {@link #DEFAULT_RESOURCES}.
 *
 * @param resources      {@code --resources}: they need cpus and mem, and a scalar disk
 * @param flags          extra flags of this group's agents, beyond those the harness sets
 * @param containerizers {@code --containerizers}, e.g. {@code [docker, mesos]}; default {@code [mesos]}
 */
public record AgentGroup(
        String name,
        int count,
        MesosAttributes attributes,
        MesosResources resources,
        MesosFlags flags,
        List<String> containerizers) {
    /** What every agent offers unless told otherwise. */
    public static final String DEFAULT_RESOURCES = MesosResources.AGENT_DEFAULT;
    /** The Mesos containerizer only, unless told otherwise. */
    public static final List<String> DEFAULT_CONTAINERIZERS = List.of("mesos");

    private static final MesosResources DEFAULTS = MesosResources.parse(DEFAULT_RESOURCES);

    public AgentGroup {
        String at = "agents[" + name + "].";
        TopologyException.require(
                Names.isDnsLabel(name),
                at + "name",
                "'" + name + "' is not a valid host name: use lowercase letters, digits and '-' (1 to 63 characters,"
                        + " not starting or ending with '-'), e.g. '" + Names.sanitize(Objects.toString(name, ""))
                        + "'");
        TopologyException.require(
                !Names.isReservedHostname(name),
                at + "name",
                "'" + name + "' is reserved for the harness' own containers ("
                        + String.join(", ", Names.RESERVED_HOSTNAMES) + ", master-<n>)");
        TopologyException.require(count >= 1, at + "count", "must be at least 1, was " + count);
        TopologyException.require(
                count == 1 || (name + "-" + count).length() <= 63,
                at + "count",
                "host name '" + name + "-" + count + "' would be longer than 63 characters; use a shorter name");
        Objects.requireNonNull(attributes, "attributes");
        MesosResources given = Objects.requireNonNull(resources, "resources");
        resources = checked(at + "resources", () -> {
            given.requireCpusAndMem().findScalar("disk");
            return given;
        });
        flags = MesosFlags.none().withAll(MesosFlags.Process.AGENT, at + "flags", flags);
        List<String> names = Objects.requireNonNull(containerizers, "containerizers");
        containerizers = checked(at + "containerizers", () -> DockerContainerizer.checkNames(names));
    }

    /** One agent with this name, no attributes and the default resources. */
    public static AgentGroup named(String name) {
        return new AgentGroup(name, 1, MesosAttributes.empty(), DEFAULTS, MesosFlags.none(), DEFAULT_CONTAINERIZERS);
    }

    /** Whether the agents run {@code container.type: DOCKER} apps (the Docker containerizer is listed). */
    public boolean usesDocker() {
        return containerizers.contains("docker");
    }

    /** The host names of this group's agents, in order. */
    public List<String> hostnames() {
        return count == 1
                ? List.of(name)
                : IntStream.rangeClosed(1, count).mapToObj(i -> name + "-" + i).toList();
    }

    /** A copy with {@code count} agents (at least 1). */
    public AgentGroup count(int count) {
        return new AgentGroup(name, count, attributes, resources, flags, containerizers);
    }

    /**
     * A copy with these containerizers in Mesos' order of preference, e.g. {@code containerizers("docker", "mesos")};
     * the Docker containerizer needs an agent image with a {@code docker} CLI (docs/DOCKER-APPS.md).
     */
    public AgentGroup containerizers(String... containerizers) {
        return containerizers(containerizers == null ? List.of() : Arrays.asList(containerizers));
    }

    /** A copy with these containerizers: see {@link #containerizers(String...)}. */
    public AgentGroup containerizers(List<String> containerizers) {
        return new AgentGroup(
                name, count, attributes, resources, flags, containerizers == null ? List.of() : containerizers);
    }

    /** A copy with one more agent flag, name without {@code --}, e.g. {@code flag("gc_delay", "1days")}. */
    public AgentGroup flag(String name, String value) {
        return flags(flags.with(MesosFlags.Process.AGENT, path("flags"), name, value));
    }

    /** A copy with these extra agent flags instead of the current ones. */
    public AgentGroup flags(MesosFlags flags) {
        return new AgentGroup(name, count, attributes, resources, flags, containerizers);
    }

    /** A copy with these attributes in Mesos syntax, e.g. {@code "rack:a;zone:eu-1"}. */
    public AgentGroup attributes(String attributes) {
        return attributes(checked(path("attributes"), () -> MesosAttributes.parse(Objects.toString(attributes, ""))));
    }

    /** A copy with these attributes, name to value (e.g. {@code rack -> a}). */
    public AgentGroup attributes(Map<String, String> attributes) {
        return attributes(checked(path("attributes"), () -> MesosAttributes.of(attributes)));
    }

    public AgentGroup attributes(MesosAttributes attributes) {
        return new AgentGroup(name, count, attributes, resources, flags, containerizers);
    }

    /** A copy with these resources in Mesos syntax merged over the defaults, e.g. {@code "cpus:2;mem:2048"}. */
    public AgentGroup resources(String resources) {
        return resources(checked(path("resources"), () -> MesosResources.parse(Objects.toString(resources, ""))));
    }

    /** A copy with these resources, name to value, merged over the defaults. */
    public AgentGroup resources(Map<String, String> resources) {
        return resources(checked(path("resources"), () -> MesosResources.of(resources)));
    }

    /** A copy with these resources merged over the defaults. */
    public AgentGroup resources(MesosResources resources) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS.asMap());
        merged.putAll(Objects.requireNonNull(resources, "resources").asMap());
        MesosResources r = checked(path("resources"), () -> MesosResources.of(merged));
        return new AgentGroup(name, count, attributes, r, flags, containerizers);
    }

    private String path(String field) {
        return "agents[" + name + "]." + field;
    }

    /** What {@code parse} gives; an {@link IllegalArgumentException} of it becomes a {@link TopologyException}. */
    private static <T> T checked(String path, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (TopologyException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TopologyException(null, 0, path, e.getMessage(), e);
        }
    }
}
