package io.mesosharness.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM shutdown hook that removes the clusters this JVM started and has not removed yet, so that an
 * interrupted test run leaves nothing behind. (A JVM killed with SIGKILL runs no hook: {@link DockerJanitor#sweep}
 * removes its leftovers, and every cluster start sweeps first.)
 */
public final class ShutdownCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCleanup.class);
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private ShutdownCleanup() {}

    /** Removes this cluster's Docker objects when the JVM exits, unless {@link #forget} is called first. */
    public static void register(String clusterId) {
        installHook();
        LIVE.add(clusterId);
    }

    /** The cluster was removed (or is retained on purpose): the hook leaves it alone. */
    public static void forget(String clusterId) {
        LIVE.remove(clusterId);
    }

    private static synchronized void installHook() {
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (LIVE.isEmpty()) {
                                return;
                            }
                            DockerJanitor janitor = new DockerJanitor();
                            for (String id : Set.copyOf(LIVE)) {
                                try {
                                    DockerJanitor.Removed removed = janitor.removeCluster(id);
                                    LOG.info(
                                            "mesos-harness: removed cluster {} at JVM exit ({} objects)",
                                            id,
                                            removed.total());
                                } catch (RuntimeException e) {
                                    System.err.println(
                                            "mesos-harness: could not remove cluster " + id + " at JVM exit: " + e);
                                }
                            }
                        },
                        "mesos-harness-shutdown"));
        hookInstalled = true;
    }
}
