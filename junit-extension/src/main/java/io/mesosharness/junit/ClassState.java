package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.topology.Topology;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One annotated class: what it asks for (worked out once), the cluster it holds and the handle its tests get;
 * closes a class-own cluster after the class.
 */
@SuppressWarnings("deprecation")
final class ClassState implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    // app namespace by class name; by namespace, the class that claimed it
    private static final Map<String, String> NAMESPACES = new ConcurrentHashMap<>();
    private static final Map<String, String> CLAIMED = new ConcurrentHashMap<>();

    /** What makes a local cluster the same one: the topology, the factory and the four images as configured. */
    record LocalKey(Topology topology, ClusterFactory factory, List<String> images) {
        static LocalKey of(Topology topology, ClusterFactory factory, HarnessConfiguration config) {
            List<String> images = List.of(
                    config.get(Setting.ZOOKEEPER_IMAGE),
                    config.get(Setting.MESOS_MASTER_IMAGE),
                    config.get(Setting.MESOS_AGENT_IMAGE),
                    config.get(Setting.MARATHON_IMAGE));
            return new LocalKey(topology, factory, images);
        }

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

    /**
     * What the class asks for, from its annotation and the configuration, worked out once when the class's state is
     * made: every field but {@code setupError}, or {@code setupError} (reported by {@code @BeforeAll}).
     */
    private record Plan(
            ClusterFactory factory,
            Topology topology,
            HarnessConfiguration config,
            HarnessConfiguration.ExternalUrls external,
            boolean requireCluster,
            int maxShared,
            RuntimeException setupError) {

        static Plan of(ClusterRequest request, ExtensionContext context) {
            try {
                HarnessConfiguration config = MesosClusterExtension.configuration(context::getConfigurationParameter);
                return new Plan(
                        ClusterFactory.named(context.getConfigurationParameter(ClusterFactory.PARAMETER)),
                        request.topology(),
                        config,
                        config.externalCluster().orElse(null),
                        config.getBoolean(Setting.REQUIRE_CLUSTER),
                        config.getPositiveInt(Setting.MAX_SHARED_CLUSTERS),
                        null);
            } catch (ExtensionConfigurationException e) {
                return new Plan(null, null, null, null, false, 0, e);
            } catch (RuntimeException e) {
                var error = new ExtensionConfigurationException(request.where() + ": " + e.getMessage(), e);
                return new Plan(null, null, null, null, false, 0, error);
            }
        }
    }

    final ClusterRequest request;
    private final ExtensionContext context;
    private final Plan plan;

    private Optional<String> unavailable;
    private volatile SharedClusters.Held held;
    /** What the class's tests get: on a shared cluster a view in the class's app namespace, else the cluster. */
    private MesosClusterHandle handle;

    private RuntimeException acquireFailure;
    /** True while the class holds a shared cluster an earlier class started, not yet reset for this class. */
    private boolean inherited;

    private boolean closed;

    ClassState(ClusterRequest request, ExtensionContext context) {
        this.request = request;
        this.context = context;
        this.plan = Plan.of(request, context);
    }

    ClusterFactory factory() {
        return plan.factory();
    }

    /** Empty when Docker and the images are there (or in external mode); else the reason. */
    private synchronized Optional<String> unavailable() {
        if (unavailable == null) {
            unavailable = plan.factory().unavailable(plan.config());
        }
        return unavailable;
    }

    synchronized ConditionEvaluationResult condition() {
        if (plan.setupError() != null) {
            return ConditionEvaluationResult.enabled("bad configuration, reported by @BeforeAll: "
                    + plan.setupError().getMessage());
        }
        if (plan.external() != null) {
            return ConditionEvaluationResult.enabled("external cluster "
                    + plan.external().mesosUrl() + " / " + plan.external().marathonUrl());
        }
        Optional<String> reason = unavailable();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("Docker and the cluster images are available");
        }
        if (plan.requireCluster()) {
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
            handle().reset();
        }
    }

    /**
     * The handle this class's tests get, acquiring the cluster on first use: on a shared cluster a
     * {@link NamespacedCluster} whose apps live in the class's namespace, so that reset removes only this class's
     * apps; on a class-own cluster the cluster itself.
     */
    synchronized MesosClusterHandle handle() {
        cluster();
        return handle;
    }

    /** The cluster of this class, acquired on first use (shared, or started for this class). */
    synchronized SharedClusters.Held cluster() {
        if (held == null) {
            if (acquireFailure != null) {
                throw acquireFailure;
            }
            try {
                held = acquire();
            } catch (RuntimeException e) {
                acquireFailure = e;
                throw e;
            }
            handle = held.shared() || held.handle().isExternal()
                    ? NamespacedCluster.of(held.handle(), namespace(request.owner()))
                    : held.handle();
        }
        return held;
    }

    private SharedClusters.Held acquire() {
        if (plan.setupError() != null) {
            throw plan.setupError();
        }
        if (plan.external() != null) {
            return request.shared()
                    ? shared(
                            new ExternalKey(plan.external(), plan.factory()),
                            Integer.MAX_VALUE,
                            () -> plan.factory().connect(plan.external()))
                    : new SharedClusters.Held(plan.factory().connect(plan.external()), null);
        }
        Optional<String> reason = unavailable();
        if (reason.isPresent()) {
            if (plan.requireCluster()) {
                throw new IllegalStateException(request.where() + ": " + Setting.REQUIRE_CLUSTER.property()
                        + " is true (" + plan.config().sourceOf(Setting.REQUIRE_CLUSTER) + "), so the class fails "
                        + "instead of being skipped: " + reason.get());
            }
            Assumptions.abort(skipMessage(reason.get()));
        }
        LocalKey key = LocalKey.of(plan.topology(), plan.factory(), plan.config());
        Supplier<MesosClusterHandle> start = () -> {
            SharedClusters.countStart(plan.topology());
            return plan.factory().start(plan.topology(), plan.config(), line -> LOG.info(line));
        };
        if (request.shared()) {
            return shared(key, plan.maxShared(), start);
        }
        // a class-own cluster: the one the pool started ahead for this class, else started now
        try {
            return new SharedClusters.Held(
                    ClusterPool.take(request.owner(), key).orElseGet(start), null);
        } finally {
            ClusterPool.ready(request.owner());
        }
    }

    private SharedClusters.Held shared(Object key, int maxLive, Supplier<MesosClusterHandle> start) {
        inherited = true;
        return SharedClusters.acquire(key, context, maxLive, () -> {
            inherited = false;
            return start.get();
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        SharedClusters.Held h = held;
        if (h != null && h.shared()) {
            if (handle != null) {
                handle.close(); // the view's event streams; the shared cluster stays
            }
            h.entry().classDone();
        } else if (h != null && !h.retained()) {
            h.handle().close();
        }
    }

    /**
     * The app namespace of a test class on a shared cluster: its simple name(s) in kebab case
     * ({@code com.acme.WebDeployTest} gets {@code web-deploy-test}, a nested {@code SharingTest.SameA} gets
     * {@code sharing-test-same-a}); a second class of the same name in this JVM gets {@code -2}, and so on.
     */
    static synchronized String namespace(Class<?> testClass) {
        return NAMESPACES.computeIfAbsent(testClass.getName(), className -> {
            // a dash at each camel-case word start (HTTPServer2Test: HTTP-Server2-Test), then ASCII letters and digits
            String base = className
                    .substring(className.lastIndexOf('.') + 1)
                    .replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z]\\p{javaLowerCase})", "-")
                    .replaceAll("[^A-Za-z0-9]+", "-")
                    .replaceAll("^-|-$", "")
                    .toLowerCase(Locale.ROOT);
            base = base.isEmpty() ? "test-class" : base;
            String name = base;
            for (int n = 2; CLAIMED.putIfAbsent(name, className) != null; n++) {
                name = base + "-" + n;
            }
            return name;
        });
    }
}
