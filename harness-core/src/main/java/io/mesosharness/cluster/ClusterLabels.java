package io.mesosharness.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The labels every Docker object of a harness cluster carries. They let the harness find and remove what a
 * cluster left behind – also after the JVM that started it was killed – without Testcontainers' Ryuk.
 */
public final class ClusterLabels {

    /** The cluster id; present on every container, network and volume the harness creates. */
    public static final String CLUSTER = "io.mesosharness.cluster";
    /** The component: zookeeper, master, agent, marathon, network, volume. */
    public static final String COMPONENT = "io.mesosharness.component";
    /** Process id of the JVM that owns the cluster. */
    public static final String OWNER_PID = "io.mesosharness.owner-pid";
    /** Start instant of the owning JVM (tells a live owner from a reused pid). */
    public static final String OWNER_STARTED = "io.mesosharness.owner-started";
    /** Host name of the machine that runs the owning JVM. */
    public static final String OWNER_HOST = "io.mesosharness.owner-host";
    /** Set on clusters kept after a failure for inspection; the sweep leaves them alone unless told otherwise. */
    public static final String RETAINED = "io.mesosharness.retained";

    private static final String PID = String.valueOf(ProcessHandle.current().pid());
    private static final String STARTED =
            String.valueOf(ManagementFactory.getRuntimeMXBean().getStartTime());
    private static final String HOST = localHostName();

    private ClusterLabels() {}

    /** Labels for an object of the given cluster and component, owned by this JVM. */
    public static Map<String, String> forComponent(String clusterId, String component) {
        return Map.of(
                CLUSTER, clusterId, COMPONENT, component, OWNER_PID, PID, OWNER_STARTED, STARTED, OWNER_HOST, HOST);
    }

    /**
     * Whether the JVM named by these labels (of any object of a harness cluster, e.g. from
     * {@link DockerJanitor#clusters()}) is gone: same host, and no process with that pid started at that instant.
     * Objects from another host, and objects without our labels, are never judged gone (their owner cannot be seen
     * from here). Such clusters are what {@link DockerJanitor#sweep(boolean)} removes.
     */
    public static boolean ownerIsGone(Map<String, String> labels) {
        if (labels == null || !labels.containsKey(CLUSTER) || !HOST.equals(labels.get(OWNER_HOST))) {
            return false;
        }
        long pid;
        long started;
        try {
            pid = Long.parseLong(labels.getOrDefault(OWNER_PID, ""));
            started = Long.parseLong(labels.getOrDefault(OWNER_STARTED, ""));
        } catch (NumberFormatException e) {
            return true; // labelled by us but unreadable: nobody can own it
        }
        if (pid == ProcessHandle.current().pid()) {
            return !STARTED.equals(String.valueOf(started));
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // The pid is in use; it is our owner only if that process started when the owner did (JVM start time is
        // taken a little after the process start, so allow a small window).
        return process.get()
                .info()
                .startInstant()
                .map(instant -> Math.abs(instant.toEpochMilli() - started) > 60_000)
                .orElse(false);
    }

    /** Whether these labels mark a cluster kept after a failure ({@link #RETAINED}). */
    public static boolean isRetained(Map<String, String> labels) {
        return labels != null && "true".equals(labels.get(RETAINED));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown-host");
        }
    }

    /** A short, unique, DNS-safe cluster id: "mh-" plus a base-36 time and random part. */
    public static String newClusterId(String name) {
        String prefix = name == null
                ? ""
                : name.toLowerCase().replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        prefix = prefix.substring(0, Math.min(20, prefix.length())).replaceAll("^-|-$", "");
        String unique = Long.toString(Instant.now().toEpochMilli() % 1_000_000_000L, 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        return (prefix.isEmpty() ? "mh" : prefix) + "-" + unique;
    }
}
