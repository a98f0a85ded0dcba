package io.mesosharness.topology;

import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.MesosAttributes;
import io.mesosharness.containers.MesosResources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A group of identical Mesos agents: a name, how many, their attributes and resources. Immutable; the
 * {@code count(..)}, {@code attributes(..)} and {@code resources(..)} methods return changed copies.
 *
 * <pre>AgentGroup.named("compute").count(3).attributes("rack:a").resources("cpus:2;mem:2048")</pre>
 *
 * <p>The agents' host names are derived from the name: {@code compute} with count 3 gives {@code compute-1},
 * {@code compute-2}, {@code compute-3}; with count 1 the host name is the name itself. The name must therefore be
 * a DNS label (lowercase letters, digits and '-').
 *
 * <p>Resources are merged over {@link #DEFAULT_RESOURCES}: what is given replaces the default of the same name.
 */
public final class AgentGroup {
    /** What every agent offers unless told otherwise. */
    public static final String DEFAULT_RESOURCES = MesosResources.AGENT_DEFAULT;
    /** The Mesos containerizer only, unless told otherwise. */
    public static final List<String> DEFAULT_CONTAINERIZERS = List.of("mesos");

    private static final MesosResources DEFAULTS = MesosResources.parse(DEFAULT_RESOURCES);

    private final String name;
    private final int count;
    private final MesosAttributes attributes;
    private final MesosResources resources;
    private final MesosFlags flags;
    private final List<String> containerizers;

    private AgentGroup(
            String name,
            int count,
            MesosAttributes attributes,
            MesosResources resources,
            MesosFlags flags,
            List<String> containerizers) {
        this.name = name;
        this.count = count;
        this.attributes = attributes;
        this.resources = resources;
        this.flags = flags;
        this.containerizers = containerizers;
    }

    /** One agent with this name, no attributes and the default resources. */
    public static AgentGroup named(String name) {
        if (!Names.isDnsLabel(name)) {
            throw new TopologyException(
                    "agents[" + name + "].name",
                    "'" + name + "' is not a valid host name: use lowercase "
                            + "letters, digits and '-' (1 to 63 characters, not starting or ending with '-'), e.g. '"
                            + Names.sanitize(name == null ? "" : name) + "'");
        }
        if (Names.isReservedHostname(name)) {
            throw new TopologyException(
                    "agents[" + name + "].name",
                    "'" + name + "' is reserved for the harness' own " + "containers ("
                            + String.join(", ", Names.RESERVED_HOSTNAMES) + ", master-<n>)");
        }
        return new AgentGroup(name, 1, MesosAttributes.empty(), DEFAULTS, MesosFlags.none(), DEFAULT_CONTAINERIZERS);
    }

    /** The group's name (the host name of a single agent, the prefix of several). */
    public String name() {
        return name;
    }

    /** How many agents this group has (at least 1). */
    public int count() {
        return count;
    }

    /** The agents' attributes ({@code --attributes}). */
    public MesosAttributes attributes() {
        return attributes;
    }

    /** The agents' resources ({@code --resources}), defaults merged under what was given. */
    public MesosResources resources() {
        return resources;
    }

    /** The agents' containerizers ({@code --containerizers}), e.g. {@code [docker, mesos]}; default {@code [mesos]}. */
    public List<String> containerizers() {
        return containerizers;
    }

    /** Whether the agents run {@code container.type: DOCKER} apps (the Docker containerizer is listed). */
    public boolean usesDocker() {
        return containerizers.contains("docker");
    }

    /**
     * A copy with these containerizers, in Mesos' order of preference: {@code mesos} and/or {@code docker}, e.g.
     * {@code containerizers("docker", "mesos")}. The Docker containerizer needs an agent image with a {@code docker}
     * CLI (docs/DOCKER-APPS.md).
     */
    public AgentGroup containerizers(String... containerizers) {
        return containerizers(containerizers == null ? List.of() : java.util.Arrays.asList(containerizers));
    }

    /** A copy with these containerizers: see {@link #containerizers(String...)}. */
    public AgentGroup containerizers(List<String> containerizers) {
        List<String> checked = checked(
                "containerizers",
                () -> DockerContainerizer.checkNames(
                        containerizers == null ? List.of() : new ArrayList<>(containerizers), ""));
        return new AgentGroup(name, count, attributes, resources, flags, checked);
    }

    /** Extra flags of this group's agents, beyond those the harness sets. */
    public MesosFlags flags() {
        return flags;
    }

    /**
     * A copy with one more agent flag, name without {@code --}, e.g. {@code flag("gc_delay", "1days")}; flags the
     * harness sets ({@code hostname}, {@code attributes}, {@code resources}, ...) are refused, naming the setting to
     * use instead.
     */
    public AgentGroup flag(String name, String value) {
        return new AgentGroup(
                this.name,
                count,
                attributes,
                resources,
                flags.with(MesosFlags.Process.AGENT, path("flags"), name, value),
                containerizers);
    }

    /** A copy with these extra agent flags instead of the current ones. */
    public AgentGroup flags(MesosFlags flags) {
        AgentGroup out = new AgentGroup(name, count, attributes, resources, MesosFlags.none(), containerizers);
        for (Map.Entry<String, String> e :
                Objects.requireNonNull(flags, "flags").asMap().entrySet()) {
            out = out.flag(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The host names of this group's agents, in order. */
    public List<String> hostnames() {
        if (count == 1) {
            return List.of(name);
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(name + "-" + i);
        }
        return List.copyOf(out);
    }

    /** A copy with {@code count} agents (at least 1). */
    public AgentGroup count(int count) {
        if (count < 1) {
            throw new TopologyException(path("count"), "must be at least 1, was " + count);
        }
        String last = name + "-" + count;
        if (count > 1 && last.length() > 63) {
            throw new TopologyException(
                    path("count"),
                    "host name '" + last + "' would be longer than 63 characters; " + "use a shorter name");
        }
        return new AgentGroup(name, count, attributes, resources, flags, containerizers);
    }

    /** A copy with these attributes in Mesos syntax, e.g. {@code "rack:a;zone:eu-1"}. */
    public AgentGroup attributes(String attributes) {
        return attributes(checked("attributes", () -> MesosAttributes.parse(attributes == null ? "" : attributes)));
    }

    /** A copy with these attributes, name to value (e.g. {@code rack -> a}). */
    public AgentGroup attributes(Map<String, String> attributes) {
        return attributes(checked("attributes", () -> MesosAttributes.of(attributes)));
    }

    /** A copy with these attributes. */
    public AgentGroup attributes(MesosAttributes attributes) {
        Objects.requireNonNull(attributes, "attributes");
        return new AgentGroup(name, count, attributes, resources, flags, containerizers);
    }

    /** A copy with these resources in Mesos syntax merged over the defaults, e.g. {@code "cpus:2;mem:2048"}. */
    public AgentGroup resources(String resources) {
        return resources(checked("resources", () -> MesosResources.parse(resources == null ? "" : resources)));
    }

    /** A copy with these resources, name to value, merged over the defaults. */
    public AgentGroup resources(Map<String, String> resources) {
        return resources(checked("resources", () -> MesosResources.of(resources)));
    }

    /** A copy with these resources merged over the defaults; they need cpus and mem, and a scalar disk. */
    public AgentGroup resources(MesosResources resources) {
        Objects.requireNonNull(resources, "resources");
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS.asMap());
        merged.putAll(resources.asMap());
        MesosResources result = checked("resources", () -> {
            MesosResources r = MesosResources.of(merged).requireCpusAndMem();
            r.findScalar("disk");
            return r;
        });
        return new AgentGroup(name, count, attributes, result, flags, containerizers);
    }

    /** The value {@code parse} gives; its {@link IllegalArgumentException} becomes one naming {@code field}. */
    private <T> T checked(String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (TopologyException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new TopologyException(null, 0, path(field), e.getMessage(), e);
        }
    }

    private String path(String field) {
        return "agents[" + name + "]." + field;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AgentGroup)) {
            return false;
        }
        AgentGroup other = (AgentGroup) o;
        return name.equals(other.name)
                && count == other.count
                && attributes.equals(other.attributes)
                && resources.equals(other.resources)
                && flags.equals(other.flags)
                && containerizers.equals(other.containerizers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, count, attributes, resources, flags, containerizers);
    }

    @Override
    public String toString() {
        String attrs = attributes.render();
        return name + (count > 1 ? " x" + count : "") + (attrs.isEmpty() ? "" : " [" + attrs + "]") + " {"
                + resources.render() + "}" + (flags.isEmpty() ? "" : " " + flags)
                + (containerizers.equals(DEFAULT_CONTAINERIZERS) ? "" : " " + containerizers);
    }
}
