package io.mesosharness.junit;

import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import io.mesosharness.topology.TopologyException;
import io.mesosharness.topology.TopologyFiles;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * What a test class asks for: the {@link MesosCluster} annotation that applies to it (directly, through a
 * meta-annotation, inherited from a superclass, or from the enclosing class of a {@code @Nested} class) and the
 * {@link Topology} it describes, or what {@link MesosClusterExtension#of(Topology)} was given. Bad values give an
 * {@link ExtensionConfigurationException} naming the annotation, the class and the value.
 *
 * @param owner the test class, or the enclosing class of a {@code @Nested} class, the request applies to
 * @param where "@MesosCluster (via @ProductionTopology) on com.acme.WebTest", for messages
 * @param annotation null for {@link MesosClusterExtension#of(Topology)}, which gives {@code programmatic} instead
 */
record ClusterRequest(
        Class<?> owner,
        String where,
        MesosCluster annotation,
        Topology programmatic,
        boolean shared,
        boolean resetBetweenTests,
        boolean retainOnFailure) {

    /** The request of a {@code @RegisterExtension} field holding {@code MesosClusterExtension.of(topology)}. */
    static ClusterRequest programmatic(Class<?> owner, MesosClusterExtension.Options o) {
        String where =
                "MesosClusterExtension.of(topology " + o.topology().name() + ") registered on " + owner.getName();
        return new ClusterRequest(
                owner, where, null, o.topology(), o.shared(), o.resetBetweenTests(), o.retainOnFailure());
    }

    /** The request that applies to this test class, if any. */
    static Optional<ClusterRequest> find(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = isInner(c) ? c.getEnclosingClass() : null) {
            Optional<MesosCluster> found = AnnotationSupport.findAnnotation(c, MesosCluster.class);
            if (found.isPresent()) {
                MesosCluster a = found.get();
                return Optional.of(new ClusterRequest(
                        c, describe(c), a, null, a.shared(), a.resetBetweenTests(), a.retainOnFailure()));
            }
        }
        return Optional.empty();
    }

    /**
     * The class a {@code @RegisterExtension static} field holding {@code extension} belongs to: the test class or,
     * for a {@code @Nested} class, the enclosing class whose static field holds it.
     */
    static Class<?> programmaticOwner(MesosClusterExtension extension, Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = isInner(c) ? c.getEnclosingClass() : null) {
            for (Field field : ReflectionSupport.findFields(
                    c,
                    f -> Modifier.isStatic(f.getModifiers())
                            && MesosClusterExtension.class.isAssignableFrom(f.getType()),
                    HierarchyTraversalMode.TOP_DOWN)) {
                try {
                    field.setAccessible(true);
                    if (field.get(null) == extension) {
                        return c;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not readable: not ours to judge
                }
            }
        }
        return testClass;
    }

    private static boolean isInner(Class<?> c) {
        return c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers());
    }

    private static String describe(Class<?> c) {
        if (c.getAnnotation(MesosCluster.class) == null) {
            for (Annotation a : c.getAnnotations()) {
                if (AnnotationSupport.isAnnotated(a.annotationType(), MesosCluster.class)) {
                    return "@MesosCluster (via @" + a.annotationType().getSimpleName() + ") on " + c.getName();
                }
            }
        }
        return "@MesosCluster on " + c.getName();
    }

    /** The topology this request describes. */
    Topology topology() {
        if (programmatic != null) {
            return programmatic;
        }
        MesosCluster a = annotation;
        boolean hasAgents = a.agents().length > 0;
        boolean hasFile = !a.topology().isBlank();
        if (hasAgents && hasFile) {
            throw error("give either agents or topology, not both (topology = \"" + a.topology() + "\" and "
                    + a.agents().length + " @Agent)");
        }
        Topology.Builder builder;
        if (hasFile) {
            if (a.masters() != 1
                    || !a.marathonRole().isEmpty()
                    || !a.marathonPrincipal().isEmpty()
                    || a.marathonFeatures().length > 0) {
                throw error("topology = \"" + a.topology() + "\" cannot be combined with masters = " + a.masters()
                        + ", marathonRole, marathonPrincipal or marathonFeatures: set them in the topology file");
            }
            builder = load(a.topology()).toBuilder();
        } else if (hasAgents) {
            builder = Topology.builder();
            Agent[] agents = a.agents();
            for (int i = 0; i < agents.length; i++) {
                builder.agent(group(i, agents[i]));
            }
        } else {
            builder = Topology.defaultTopology().toBuilder();
        }
        try {
            if (!hasFile) {
                builder.masters(a.masters());
            }
            if (!a.name().isEmpty()) {
                builder.name(a.name());
            }
            builder.marathon(m -> {
                if (!a.marathonRole().isEmpty()) {
                    m = m.role(a.marathonRole());
                }
                if (!a.marathonPrincipal().isEmpty()) {
                    m = m.principal(a.marathonPrincipal());
                }
                return a.marathonFeatures().length > 0 ? m.features(a.marathonFeatures()) : m;
            });
            return builder.build();
        } catch (TopologyException e) {
            throw error(field(e.path()) + ": " + e.problem(), e);
        }
    }

    private AgentGroup group(int index, Agent agent) {
        String at = "agents[" + index + "] (@Agent(name = \"" + agent.name() + "\"))";
        AgentGroup group;
        try {
            group = AgentGroup.named(agent.name());
            if (agent.count() != 1) {
                group = group.count(agent.count());
            }
            if (!agent.attributes().isBlank()) {
                group = group.attributes(agent.attributes());
            }
            if (!agent.resources().isBlank()) {
                group = group.resources(agent.resources());
            }
            if (agent.containerizers().length > 0) {
                group = group.containerizers(agent.containerizers());
            }
        } catch (TopologyException e) {
            String path = e.path();
            String part = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "";
            throw error(at + (part.isEmpty() ? "" : " " + part + " = " + valueOf(agent, part)) + ": " + e.problem(), e);
        }
        // flags apart: their errors name the flags array, not the flag's own name
        try {
            for (String flag : agent.flags()) {
                int eq = flag.indexOf('=');
                if (eq <= 0) {
                    throw new TopologyException("flags", "expected \"name=value\", got \"" + flag + "\"");
                }
                group = group.flag(flag.substring(0, eq), flag.substring(eq + 1));
            }
            return group;
        } catch (TopologyException e) {
            throw error(at + " flags = " + Arrays.toString(agent.flags()) + ": " + e.problem(), e);
        }
    }

    private static String valueOf(Agent agent, String part) {
        return switch (part) {
            case "count" -> String.valueOf(agent.count());
            case "attributes" -> "\"" + agent.attributes() + "\"";
            case "resources" -> "\"" + agent.resources() + "\"";
            case "containerizers" -> Arrays.toString(agent.containerizers());
            default -> "\"" + agent.name() + "\"";
        };
    }

    /** Maps a topology field path to the annotation's attribute. */
    private String field(String path) {
        return switch (path) {
            case "masters" -> "masters = " + annotation.masters();
            case "name" -> "name = \"" + annotation.name() + "\"";
            case "marathon.role" -> "marathonRole = \"" + annotation.marathonRole() + "\"";
            case "marathon.principal" -> "marathonPrincipal = \"" + annotation.marathonPrincipal() + "\"";
            case "marathon.features" -> "marathonFeatures = " + Arrays.toString(annotation.marathonFeatures());
            default -> path.isEmpty() ? "topology" : path;
        };
    }

    private Topology load(String file) {
        try {
            Optional<Topology> resource = TopologyFiles.findResource(file, owner.getClassLoader());
            if (resource.isPresent()) {
                return resource.get();
            }
            Path path;
            try {
                path = Path.of(file);
            } catch (InvalidPathException e) {
                throw error(
                        "topology = \"" + file + "\": not a classpath resource nor a valid path (" + e.getMessage()
                                + ")",
                        e);
            }
            if (!Files.exists(path)) {
                throw error("topology = \"" + file + "\": no such classpath resource, and no file "
                        + path.toAbsolutePath());
            }
            return TopologyFiles.load(path);
        } catch (TopologyException e) {
            throw error("topology = \"" + file + "\": " + e.getMessage(), e);
        }
    }

    private ExtensionConfigurationException error(String problem) {
        return error(problem, null);
    }

    private ExtensionConfigurationException error(String problem, Throwable cause) {
        return new ExtensionConfigurationException(where + ": " + problem, cause);
    }
}
