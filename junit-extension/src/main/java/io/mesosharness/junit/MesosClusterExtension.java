package io.mesosharness.junit;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JUnit Jupiter extension behind {@link MesosCluster} (registered by the annotation; not used directly).
 *
 * <ul>
 *   <li>Skips the class with the reason when there is no Docker engine or the images cannot be had (fails it instead
 *       when {@code mesos.harness.require-cluster=true}); in external mode needs neither.</li>
 *   <li>Before all tests, gets the shared cluster of the class's topology or starts one; a class with
 *       {@code shared = false} gets its own, stopped after the class.</li>
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
    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    private static final List<Class<?>> INJECTABLE =
            List.of(MesosClusterHandle.class, MarathonClient.class, MesosClient.class, AgentHandle.class);

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
        if (ImageSetChoice.isMatrixTemplate(context)) {
            return ConditionEvaluationResult.enabled("@MesosImageSets: each image set decides for itself");
        }
        if (context.getTestMethod().isPresent()) {
            SharedClusters.Held held = state.get().heldIfAcquired();
            if (held != null && held.retained()) {
                return ConditionEvaluationResult.disabled("Cluster " + held.handle.name() + " (" + held.handle.id()
                        + ") was kept for inspection after " + held.retainedAfter.get()
                        + " failed (retainOnFailure = true); the remaining tests are skipped to leave its state as "
                        + "it was");
            }
            return ConditionEvaluationResult.enabled("cluster available");
        }
        return state.get().condition();
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<ClassState> state = classState(context);
        if (state.isEmpty() || ImageSetChoice.isMatrixTemplate(context)) {
            return;
        }
        SharedClusters.Held held = state.get().cluster();
        state.get().resetIfInherited();
        inject(context.getRequiredTestClass(), null, held, state.get());
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        Optional<ClassState> state = classState(context, testInstance.getClass());
        if (state.isEmpty() || ImageSetChoice.isMatrixTemplate(context)) {
            return;
        }
        boolean hasFields = !AnnotationSupport.findAnnotatedFields(
                        testInstance.getClass(),
                        ClusterHandle.class,
                        f -> !Modifier.isStatic(f.getModifiers()),
                        HierarchyTraversalMode.TOP_DOWN)
                .isEmpty();
        if (hasFields) {
            inject(testInstance.getClass(), testInstance, state.get().cluster(), state.get());
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        context.getExecutionException().ifPresent(failure -> onFailure(context, failure));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Optional<ClassState> state = classState(context);
        if (state.isEmpty()) {
            return;
        }
        SharedClusters.Held held = state.get().heldIfAcquired();
        if (held == null) {
            return;
        }
        context.getExecutionException().ifPresent(failure -> onFailure(context, failure));
        if (state.get().request.annotation().resetBetweenTests() && !held.retained()) {
            held.handle.reset();
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
        Class<?> type = parameter.getType();
        String what = "parameter " + parameter.getName() + " of " + parameterContext.getDeclaringExecutable();
        String agentName = null;
        if (type == AgentHandle.class) {
            Optional<AgentName> named = parameterContext.findAnnotation(AgentName.class);
            if (named.isPresent()) {
                agentName = named.get().value();
            } else if (parameter.isNamePresent()) {
                agentName = parameter.getName();
            } else {
                throw new ParameterResolutionException("Cannot tell which agent " + what + " wants: annotate it with "
                        + "@AgentName(\"a1\") or compile with -parameters so that its name is the agent name");
            }
        }
        try {
            return valueFor(type, agentName, state.cluster(), what);
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static void inject(Class<?> testClass, Object instance, SharedClusters.Held held, ClassState state) {
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
            String agentName = field.getType() == AgentHandle.class
                    ? AnnotationSupport.findAnnotation(field, AgentName.class)
                            .map(AgentName::value)
                            .orElse(field.getName())
                    : null;
            try {
                field.setAccessible(true);
                field.set(instance, valueFor(field.getType(), agentName, held, what));
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("Cannot set " + what + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(state.request.where() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Object valueFor(Class<?> type, String agentName, SharedClusters.Held held, String what) {
        MesosClusterHandle cluster = held.handle;
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

    private static void onFailure(ExtensionContext context, Throwable failure) {
        if (failure instanceof TestAbortedException
                || failure instanceof ParameterResolutionException
                || failure instanceof ExtensionConfigurationException) {
            return; // not a failure the cluster's state explains
        }
        Optional<ClassState> state = classState(context);
        if (state.isEmpty()) {
            return;
        }
        SharedClusters.Held held = state.get().heldIfAcquired();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        String key = "diagnosed " + context.getUniqueId();
        if (held == null || store.get(key) != null) {
            return;
        }
        store.put(key, Boolean.TRUE);
        MesosClusterHandle cluster = held.handle;
        StringBuilder out = new StringBuilder();
        out.append("==== mesos-harness: ")
                .append(context.getDisplayName())
                .append(" in ")
                .append(context.getRequiredTestClass().getName())
                .append(" failed: ")
                .append(failure)
                .append("\n---- cluster ")
                .append(cluster.name())
                .append(" (")
                .append(cluster.id())
                .append(")\n");
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
        for (Map.Entry<String, String> log : logs.entrySet()) {
            publish(context, "mesos-harness.log." + log.getKey().replaceAll("\\s+", "-"), log.getValue());
            out.append("---- ")
                    .append(log.getKey())
                    .append(" (last ")
                    .append(LOG_LINES)
                    .append(" lines)\n")
                    .append(log.getValue())
                    .append(log.getValue().endsWith("\n") ? "" : "\n");
        }
        if (state.get().request.annotation().retainOnFailure() && !cluster.isExternal()) {
            retain(context, held, state.get(), out);
        }
        System.err.print(out.append("====\n"));
    }

    private static void retain(
            ExtensionContext context, SharedClusters.Held held, ClassState state, StringBuilder out) {
        synchronized (held) {
            if (held.retained()) {
                return;
            }
            Optional<String> text = state.factory().retain(held.handle);
            if (text.isPresent()) {
                held.retainedAfter.set(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
                held.evict();
                publish(context, "mesos-harness.retained", text.get());
                out.append("---- retainOnFailure\n").append(text.get()).append('\n');
            }
        }
    }

    private static void publish(ExtensionContext context, String key, String value) {
        context.publishReportEntry(key, value == null || value.isBlank() ? "(empty)" : value);
    }

    // ------------------------------------------------------------------ per-class state

    private static Optional<ClassState> classState(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> classState(context, c));
    }

    private static Optional<ClassState> classState(ExtensionContext context, Class<?> testClass) {
        Optional<ClusterRequest> request = ClusterRequest.find(testClass);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        ExtensionContext owner = ownerContext(context, request.get().owner());
        return Optional.of(owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "state " + request.get().owner().getName() + ImageSetChoice.keySuffix(owner),
                        k -> new ClassState(request.get(), owner),
                        ClassState.class));
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

    /** Configuration: {@link HarnessConfiguration#load()}, with JUnit configuration parameters of the same name winning. */
    static HarnessConfiguration configuration(ExtensionContext context) {
        Map<String, String> overrides = new HashMap<>();
        for (Setting s : Setting.values()) {
            context.getConfigurationParameter(s.property())
                    .filter(v -> !v.isBlank() && !v.equals(System.getProperty(s.property())))
                    .ifPresent(v -> overrides.put(s.property(), v));
        }
        return HarnessConfiguration.load(overrides, "JUnit configuration parameter");
    }

    private record LocalKey(Topology topology, ClusterFactory factory, List<String> imageSet) {
        @Override
        public String toString() {
            return topology.name() + " ("
                    + topology.describe().lines().findFirst().orElse("") + ")";
        }
    }

    private record ExternalKey(HarnessConfiguration.ExternalUrls urls, ClusterFactory factory) {
        @Override
        public String toString() {
            return "external " + urls.mesosUrl() + " / " + urls.marathonUrl();
        }
    }

    /** What one annotated class asks for and the cluster it holds; closes a class-own cluster after the class. */
    @SuppressWarnings("deprecation")
    static final class ClassState implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final ClusterRequest request;
        private final ExtensionContext context;
        private boolean prepared;
        private RuntimeException setupError;
        private HarnessConfiguration config;
        private ClusterFactory factory;
        private Topology topology;
        private HarnessConfiguration.ExternalUrls external;
        private boolean requireCluster;
        private Optional<String> unavailable;
        private volatile SharedClusters.Held held;
        private RuntimeException acquireFailure;
        private boolean inherited;
        private boolean closed;

        ClassState(ClusterRequest request, ExtensionContext context) {
            this.request = request;
            this.context = context;
        }

        private synchronized void prepare() {
            if (prepared) {
                return;
            }
            prepared = true;
            try {
                factory = ClusterFactory.named(context.getConfigurationParameter(ClusterFactory.PARAMETER));
                topology = request.topology();
                config = ImageSetChoice.apply(context, configuration(context));
                external = config.externalCluster().orElse(null);
                requireCluster = config.getBoolean(Setting.REQUIRE_CLUSTER);
            } catch (ExtensionConfigurationException e) {
                setupError = e;
            } catch (RuntimeException e) {
                setupError = new ExtensionConfigurationException(request.where() + ": " + e.getMessage(), e);
            }
        }

        synchronized ClusterFactory factory() {
            prepare();
            return factory;
        }

        /** Empty when Docker and the images are there (or in external mode); else the reason. */
        private synchronized Optional<String> unavailable() {
            if (unavailable == null) {
                Optional<String> docker = factory.dockerUnavailable();
                unavailable = docker.isPresent() ? docker : factory.imagesUnavailable(config);
            }
            return unavailable;
        }

        synchronized ConditionEvaluationResult condition() {
            prepare();
            if (setupError != null) {
                return ConditionEvaluationResult.enabled(
                        "bad configuration, reported by @BeforeAll: " + setupError.getMessage());
            }
            if (external != null) {
                return ConditionEvaluationResult.enabled(
                        "external cluster " + external.mesosUrl() + " / " + external.marathonUrl());
            }
            Optional<String> reason = unavailable();
            if (reason.isEmpty()) {
                return ConditionEvaluationResult.enabled("Docker and the cluster images are available");
            }
            if (requireCluster) {
                return ConditionEvaluationResult.enabled(Setting.REQUIRE_CLUSTER.property()
                        + " is true: fails in @BeforeAll instead of skipping: " + reason.get());
            }
            return ConditionEvaluationResult.disabled(skipMessage(reason.get()));
        }

        private String skipMessage(String reason) {
            return "mesos-harness: " + reason + " (skipping " + request.owner().getSimpleName() + "; set "
                    + Setting.REQUIRE_CLUSTER.property() + "=true to fail instead)";
        }

        SharedClusters.Held heldIfAcquired() {
            return held;
        }

        /**
         * Once, before the class's tests: resets a shared cluster that an earlier class had started, so leftovers of a
         * class whose reset failed or that kept its apps ({@code resetBetweenTests = false}) do not give 409s here.
         */
        synchronized void resetIfInherited() {
            if (inherited && held != null && !held.retained()) {
                inherited = false;
                held.handle.reset();
            }
        }

        /** The cluster of this class, acquired on first use (shared, or started for this class). */
        synchronized SharedClusters.Held cluster() {
            if (held != null) {
                return held;
            }
            if (acquireFailure != null) {
                throw acquireFailure;
            }
            try {
                held = acquire();
                return held;
            } catch (RuntimeException e) {
                acquireFailure = e;
                throw e;
            }
        }

        private SharedClusters.Held acquire() {
            prepare();
            if (setupError != null) {
                throw setupError;
            }
            boolean shared = request.annotation().shared();
            if (external != null) {
                HarnessConfiguration.ExternalUrls urls = external;
                return shared
                        ? inherit(SharedClusters.acquire(
                                new ExternalKey(urls, factory), context, () -> factory.connect(urls)))
                        : new SharedClusters.Held(factory.connect(urls), null);
            }
            Optional<String> reason = unavailable();
            if (reason.isPresent()) {
                if (requireCluster) {
                    throw new IllegalStateException(request.where() + ": " + Setting.REQUIRE_CLUSTER.property()
                            + " is true (" + config.sourceOf(Setting.REQUIRE_CLUSTER) + "), so the class fails "
                            + "instead of being skipped: " + reason.get());
                }
                Assumptions.abort(skipMessage(reason.get()));
            }
            Topology t = topology;
            java.util.function.Supplier<MesosClusterHandle> start = () -> {
                SharedClusters.countStart(t);
                return factory.start(t, config, line -> LOG.info(line));
            };
            return shared
                    ? inherit(SharedClusters.acquire(
                            new LocalKey(t, factory, ImageSetChoice.clusterKey(context, config)), context, start))
                    : new SharedClusters.Held(start.get(), null);
        }

        private SharedClusters.Held inherit(SharedClusters.Acquired acquired) {
            inherited = !acquired.startedNow();
            return acquired.held();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            SharedClusters.Held h = held;
            if (h != null && !h.shared() && !h.retained()) {
                h.handle.close();
            }
        }
    }
}
