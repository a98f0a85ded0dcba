package io.mesosharness.junit;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit Jupiter extension behind {@link MesosCluster}: registered by the annotation, or with a topology built in
 * code by {@code @RegisterExtension static MesosClusterExtension cluster = MesosClusterExtension.of(topology)}.
 *
 * <ul>
 *   <li>Skips the class with the reason when there is no Docker engine or the images cannot be had (fails it instead
 *       when {@code mesos.harness.require-cluster=true}); in external mode needs neither.</li>
 *   <li>Before all tests, gets the shared cluster of the class's topology or starts one; a class with
 *       {@code shared = false} gets its own, stopped after the class. On a shared cluster the class's handle is a
 *       {@link io.mesosharness.cluster.NamespacedCluster}: its apps live in the class's app namespace.</li>
 *   <li>Injects {@link MesosClusterHandle}, {@link MarathonClient}, {@link MesosClient} and {@link AgentHandle}
 *       (by {@link AgentName} or parameter/field name) into parameters and {@link ClusterHandle} fields.</li>
 *   <li>After a failed test publishes the cluster state and each component's last log lines as report entries and
 *       on stderr; with {@code retainOnFailure} keeps the cluster. After each test resets the cluster.</li>
 * </ul>
 *
 * <p>Settings ({@link HarnessConfiguration}) may also be given as JUnit configuration parameters of the same name,
 * e.g. {@code mesos.harness.external.mesos-url} in {@code junit-platform.properties}; these win.
 */
public final class MesosClusterExtension
        implements ExecutionCondition,
                BeforeAllCallback,
                TestInstancePostProcessor,
                AfterTestExecutionCallback,
                AfterEachCallback,
                ParameterResolver {

    /** Log lines per component attached to a failed test. */
    public static final int LOG_LINES = 50;

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(MesosClusterExtension.class);
    private static final List<Class<?>> INJECTABLE =
            List.of(MesosClusterHandle.class, MarathonClient.class, MesosClient.class, AgentHandle.class);

    /** Null for the instance the annotation registers; else what {@link #of(Topology)} asked for. */
    private final Options programmatic;

    /** The extension as {@link MesosCluster} registers it (the annotation says what the class wants). */
    public MesosClusterExtension() {
        this(null);
    }

    private MesosClusterExtension(Options programmatic) {
        this.programmatic = programmatic;
    }

    /**
     * The extension for a topology built in code, to register on a static field:
     * {@code @RegisterExtension static MesosClusterExtension cluster = MesosClusterExtension.of(topology);}. Shared
     * ({@link #shared(boolean)}), reset after each test and injected like {@link MesosCluster} (its defaults); a class
     * does not have both.
     */
    public static MesosClusterExtension of(Topology topology) {
        return new MesosClusterExtension(new Options(Objects.requireNonNull(topology, "topology"), true, true, false));
    }

    /** A copy with {@link MesosCluster#shared()} set. */
    public MesosClusterExtension shared(boolean shared) {
        Options o = options();
        return new MesosClusterExtension(new Options(o.topology(), shared, o.resetBetweenTests(), o.retainOnFailure()));
    }

    /** A copy with {@link MesosCluster#resetBetweenTests()} set. */
    public MesosClusterExtension resetBetweenTests(boolean reset) {
        Options o = options();
        return new MesosClusterExtension(new Options(o.topology(), o.shared(), reset, o.retainOnFailure()));
    }

    /** A copy with {@link MesosCluster#retainOnFailure()} set. */
    public MesosClusterExtension retainOnFailure(boolean retain) {
        Options o = options();
        return new MesosClusterExtension(new Options(o.topology(), o.shared(), o.resetBetweenTests(), retain));
    }

    private Options options() {
        if (programmatic == null) {
            throw new IllegalStateException("shared/resetBetweenTests/retainOnFailure are set on "
                    + "MesosClusterExtension.of(topology); with @MesosCluster set them on the annotation");
        }
        return programmatic;
    }

    /** What {@link #of(Topology)} and its copies ask for. */
    record Options(Topology topology, boolean shared, boolean resetBetweenTests, boolean retainOnFailure) {}

    /**
     * How many local clusters of this topology the extension has started in this JVM: stays 1 however many
     * classes share it.
     */
    public static int startsOf(Topology topology) {
        return SharedClusters.startsOf(topology);
    }

    // ------------------------------------------------------------------ skipping

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<ClassState> state = classState(context);
        if (state.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @MesosCluster");
        }
        if (context.getTestMethod().isPresent()) {
            SharedClusters.Held held = state.get().heldIfAcquired();
            if (held != null && held.retained()) {
                return ConditionEvaluationResult.disabled(
                        "Cluster " + held.handle().name() + " (" + held.handle().id()
                                + ") was kept for inspection after "
                                + held.retainedAfter().get() + " failed (retainOnFailure = "
                                + "true); the remaining tests are skipped to leave its state as it was");
            }
            return ConditionEvaluationResult.enabled("cluster available");
        }
        return state.get().condition();
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void beforeAll(ExtensionContext context) {
        classState(context).ifPresent(state -> {
            state.cluster();
            state.resetIfInherited();
            inject(context.getRequiredTestClass(), null, state);
        });
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        classState(context, testInstance.getClass())
                .ifPresent(state -> inject(testInstance.getClass(), testInstance, state));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        context.getExecutionException().ifPresent(failure -> onFailure(context, failure));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ClassState state = classState(context).orElse(null);
        SharedClusters.Held held = state == null ? null : state.heldIfAcquired();
        if (held != null) {
            context.getExecutionException().ifPresent(failure -> onFailure(context, failure));
            if (state.request.resetBetweenTests() && !held.retained()) {
                state.handle().reset();
            }
        }
    }

    // ------------------------------------------------------------------ injection

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return INJECTABLE.contains(parameterContext.getParameter().getType())
                && classState(extensionContext).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        ClassState state = classState(extensionContext).orElseThrow();
        var parameter = parameterContext.getParameter();
        String what = "parameter " + parameter.getName() + " of " + parameterContext.getDeclaringExecutable();
        String agentName = parameterContext
                .findAnnotation(AgentName.class)
                .map(AgentName::value)
                .orElse(parameter.isNamePresent() ? parameter.getName() : null);
        if (parameter.getType() == AgentHandle.class && agentName == null) {
            throw new ParameterResolutionException("Cannot tell which agent " + what + " wants: annotate it with "
                    + "@AgentName(\"a1\") or compile with -parameters so that its name is the agent name");
        }
        try {
            return valueFor(parameter.getType(), agentName, state.handle(), what);
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static void inject(Class<?> testClass, Object instance, ClassState state) {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(
                testClass,
                ClusterHandle.class,
                f -> Modifier.isStatic(f.getModifiers()) == (instance == null),
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            String what = "field " + field.getDeclaringClass().getName() + "." + field.getName();
            if (!INJECTABLE.contains(field.getType())) {
                throw new ExtensionConfigurationException("@ClusterHandle on " + what + " of type "
                        + field.getType().getName() + ": supported types are "
                        + INJECTABLE.stream().map(Class::getSimpleName).collect(Collectors.joining(", ")));
            }
            if (Modifier.isFinal(field.getModifiers())) {
                throw new ExtensionConfigurationException("@ClusterHandle on " + what + ": the field is final");
            }
            String agentName = AnnotationSupport.findAnnotation(field, AgentName.class)
                    .map(AgentName::value)
                    .orElse(field.getName());
            try {
                field.setAccessible(true);
                field.set(instance, valueFor(field.getType(), agentName, state.handle(), what));
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("Cannot set " + what + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(state.request.where() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Object valueFor(Class<?> type, String agentName, MesosClusterHandle cluster, String what) {
        if (type == MesosClusterHandle.class) {
            return cluster;
        }
        if (type == MarathonClient.class) {
            return cluster.marathon();
        }
        if (type == MesosClient.class) {
            return cluster.mesos();
        }
        List<String> names = cluster.agents().stream().map(AgentHandle::name).toList();
        if (!names.contains(agentName)) {
            throw new IllegalArgumentException("No agent named '" + agentName + "' for " + what + " in cluster "
                    + cluster.name() + "; its agents are " + names + " (name it with @AgentName(\"...\"))");
        }
        return cluster.agent(agentName);
    }

    // ------------------------------------------------------------------ diagnostics

    /**
     * A failed test gets the cluster's state and each component's last log lines as report entries and once on
     * stderr; with {@code retainOnFailure} the cluster is kept and the rest of the class skipped.
     */
    private void onFailure(ExtensionContext context, Throwable failure) {
        if (failure instanceof TestAbortedException
                || failure instanceof ParameterResolutionException
                || failure instanceof ExtensionConfigurationException) {
            return; // not a failure the cluster's state explains
        }
        ClassState state = classState(context).orElse(null);
        SharedClusters.Held held = state == null ? null : state.heldIfAcquired();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        String key = "diagnosed " + context.getUniqueId(); // afterTestExecution and afterEach both call this
        if (held == null || store.get(key) != null) {
            return;
        }
        store.put(key, Boolean.TRUE);
        MesosClusterHandle cluster = state.handle();
        StringBuilder out = new StringBuilder("==== mesos-harness: " + context.getDisplayName() + " in "
                + context.getRequiredTestClass().getName() + " failed: " + failure + "\n---- cluster "
                + cluster.name() + " (" + cluster.id() + ")\n");
        String described;
        try {
            described = cluster.describeState();
        } catch (RuntimeException e) {
            described = "cannot read the cluster state: " + e;
        }
        publish(context, "mesos-harness.state", described);
        out.append(described).append('\n');
        Map<String, String> logs;
        try {
            logs = cluster.recentLogs(LOG_LINES);
        } catch (RuntimeException e) {
            logs = Map.of("logs", "cannot read the component logs: " + e);
        }
        logs.forEach((component, log) -> {
            publish(context, "mesos-harness.log." + component.replaceAll("\\s+", "-"), log);
            out.append(
                    "---- " + component + " (last " + LOG_LINES + " lines)\n" + log + (log.endsWith("\n") ? "" : "\n"));
        });
        if (state.request.retainOnFailure() && !cluster.isExternal()) {
            synchronized (held) {
                if (!held.retained()) {
                    String text = state.factory().retain(held.handle());
                    held.retainedAfter()
                            .set(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
                    held.evict();
                    publish(context, "mesos-harness.retained", text);
                    out.append("---- retainOnFailure\n").append(text).append('\n');
                }
            }
        }
        System.err.print(out.append("====\n"));
    }

    private static void publish(ExtensionContext context, String key, String value) {
        context.publishReportEntry(key, value == null || value.isBlank() ? "(empty)" : value);
    }

    // ------------------------------------------------------------------ per-class state

    private Optional<ClassState> classState(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> classState(context, c));
    }

    private Optional<ClassState> classState(ExtensionContext context, Class<?> testClass) {
        Optional<ClusterRequest> request = ClusterRequest.find(testClass);
        if (programmatic != null) {
            Class<?> owner = ClusterRequest.programmaticOwner(this, testClass);
            if (request.isPresent()) {
                throw new ExtensionConfigurationException(request.get().where() + " and MesosClusterExtension.of("
                        + "topology) registered on " + owner.getName() + ": use one of them, not both");
            }
            request = Optional.of(ClusterRequest.programmatic(owner, programmatic));
        }
        return request.map(r -> {
            ExtensionContext owner = ownerContext(context, r.owner());
            String key = (programmatic == null ? "state " : "programmatic state ")
                    + r.owner().getName();
            return owner.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> new ClassState(r, owner), ClassState.class);
        });
    }

    /** The context of the class the annotation applies to (the enclosing class's for a {@code @Nested} class). */
    private static ExtensionContext ownerContext(ExtensionContext context, Class<?> owner) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestMethod().isEmpty()
                    && c.getElement().filter(e -> e == owner).isPresent()) {
                return c;
            }
        }
        return context;
    }

    /**
     * Configuration: {@link HarnessConfiguration#load()}, with JUnit configuration parameters of the same name winning
     * (those that only repeat a system property, which JUnit also reads, are left to that source).
     */
    static HarnessConfiguration configuration(Function<String, Optional<String>> parameter) {
        return HarnessConfiguration.load()
                .withOverrides(
                        p -> parameter
                                .apply(p)
                                .filter(v -> !v.isBlank() && !v.equals(System.getProperty(p)))
                                .orElse(null),
                        "JUnit configuration parameter");
    }
}
