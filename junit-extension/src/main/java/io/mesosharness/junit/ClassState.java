package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.topology.Topology;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What one annotated class asks for and the cluster it holds; closes a class-own cluster after the class. */
@SuppressWarnings("deprecation")
final class ClassState implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    final ClusterRequest request;
    private final ExtensionContext context;
    private boolean prepared;
    private RuntimeException setupError;
    private HarnessConfiguration config;
    private ClusterFactory factory;
    private Topology topology;
    private HarnessConfiguration.ExternalUrls external;
    private boolean requireCluster;
    private int maxShared;
    private Optional<String> unavailable;
    private volatile SharedClusters.Held held;
    /** What the class's tests get: on a shared cluster a view in the class's app namespace, else the cluster. */
    private MesosClusterHandle handle;

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
            config = ImageSetChoice.apply(context, MesosClusterExtension.configuration(context));
            external = config.externalCluster().orElse(null);
            requireCluster = config.getBoolean(Setting.REQUIRE_CLUSTER);
            maxShared = ClusterLimit.maxSharedClusters(context);
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
            handle().reset();
        }
    }

    /**
     * The handle this class's tests get, acquiring the cluster on first use: on a shared cluster a
     * {@link NamespacedCluster} whose apps live in the class's namespace (see {@link AppNamespaces}), so that reset
     * removes only this class's apps; on a class-own cluster the cluster itself.
     */
    synchronized MesosClusterHandle handle() {
        SharedClusters.Held h = cluster();
        if (handle == null) {
            handle = h.shared() ? NamespacedCluster.of(h.handle, AppNamespaces.forClass(request.owner())) : h.handle;
        }
        return handle;
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
        boolean shared = request.shared();
        if (external != null) {
            HarnessConfiguration.ExternalUrls urls = external;
            return shared
                    ? inherit(SharedClusters.acquire(
                            new ExternalKey(urls, factory), context, maxShared, () -> factory.connect(urls)))
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
        Supplier<MesosClusterHandle> start = () -> {
            SharedClusters.countStart(t);
            return factory.start(t, config, line -> LOG.info(line));
        };
        return shared
                ? inherit(SharedClusters.acquire(
                        new LocalKey(t, factory, ImageSetChoice.clusterKey(context, config)),
                        context,
                        maxShared,
                        start))
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
        if (h != null && h.shared()) {
            if (handle != null) {
                handle.close(); // the view's event streams; the shared cluster stays
            }
            h.entry.classDone();
        } else if (h != null && !h.retained()) {
            h.handle.close();
        }
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
}
