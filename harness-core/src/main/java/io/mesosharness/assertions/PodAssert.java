package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.Poll;
import io.mesosharness.cluster.WaitTimeoutException;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.mesos.MesosException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Checks of one Marathon pod, from {@code MesosHarnessAssertions.assertThat(cluster).pod("/web")}; the id lies in the
 * handle's app namespace like app ids. Placement checks count one per instance (its containers share an agent).
 */
public final class PodAssert extends PlacementAssert<PodAssert, PodStatus> {

    PodAssert(MesosClusterHandle cluster, String podId, Duration timeout) {
        super(cluster, "pod", podId, timeout, PodAssert.class, ClusterPlacement::of, PodStatus::constraints);
    }

    @Override
    PodStatus deployed() {
        return Waits.awaitPodDeployed(cluster, actual, null, timeout);
    }

    /**
     * No deployment touches the pod, Marathon calls it {@code STABLE} and {@code scaling.instances} instances run all
     * their containers (waits). On timeout shows the instances and containers, deployments, the launch queue with why
     * offers were declined, and the placement.
     */
    public PodAssert isDeployed() {
        waited("", this::deployed);
        return myself;
    }

    /** Exactly {@code n} instances run all their containers (waits). */
    public PodAssert hasRunningInstances(int n) {
        requireNonNegative(n);
        waited(
                "",
                () -> Waits.awaitPod(
                        cluster,
                        actual,
                        timeout,
                        "have " + n + " running instances",
                        pod -> pod.runningInstances().size() == n ? null : pod.summary()));
        return myself;
    }

    /**
     * In every running instance, the file {@code path} in the pod's volume {@code volume} holds {@code content}
     * (trimmed; waits): read through the agent's files API from the instance's sandbox ({@code volumes/<volume>}), the
     * directory the containers that mount the volume share.
     */
    public PodAssert hasVolumeFile(String volume, String path, String content) {
        Waits.requireText("volume", volume);
        Waits.requireText("path", path);
        Objects.requireNonNull(content, "content");
        List<String> volumes = waited("", this::deployed).spec().path("volumes").findValuesAsText("name");
        if (!volumes.contains(volume)) {
            throw new IllegalArgumentException(
                    "pod " + actual + " has no volume '" + volume + "' (its volumes: " + volumes + ")");
        }
        String frameworkId = cluster.marathon().info().frameworkId();
        // an instance's sandbox does not move: looked up once (from its agent's /state), not on every read
        Map<String, String> sandboxes = new HashMap<>();
        Supplier<List<String>> mismatches = () -> {
            PodStatus pod = cluster.marathon().podStatus(actual);
            List<String> off = new ArrayList<>();
            if (pod.runningInstances().isEmpty()) {
                off.add("no running instance");
            }
            for (PodStatus.Instance instance : pod.runningInstances()) {
                String file = null;
                try {
                    String sandbox = sandboxes.computeIfAbsent(
                            instance.id(),
                            i -> cluster.mesos().sandboxPath(instance.agentId(), frameworkId, executorId(i)));
                    file = sandbox + "/volumes/" + volume + "/" + path;
                    String read =
                            cluster.mesos().readFile(instance.agentId(), file).trim();
                    if (!read.equals(content.trim())) {
                        off.add(instance.id() + " on " + instance.agentHostname() + ": " + file + " holds '" + read
                                + "'");
                    }
                } catch (MesosException e) {
                    off.add(instance.id() + " on " + instance.agentHostname() + ": " + (file == null ? "" : file + ": ")
                            + e.getMessage());
                }
            }
            return off;
        };
        try {
            Poll.until(
                    timeout,
                    "the file " + path + " in volume " + volume + " of every instance of " + actual,
                    mismatches,
                    List::isEmpty,
                    List::toString);
        } catch (WaitTimeoutException e) {
            failWithMessage(
                    "Expected the file %s in volume %s of every instance of %s to hold '%s' within %s, but: %s",
                    path, volume, actual, content, Diagnostics.format(timeout), e.getMessage());
        }
        return myself;
    }

    /**
     * The executor of a pod instance: instance {@code shop_web.instance-<uuid>} runs under executor
     * {@code instance-shop_web.<uuid>} (Marathon 1.8, seen on the real cluster).
     */
    static String executorId(String instanceId) {
        int at = instanceId.lastIndexOf(".instance-");
        return at < 0
                ? instanceId
                : "instance-" + instanceId.substring(0, at) + "." + instanceId.substring(at + ".instance-".length());
    }
}
