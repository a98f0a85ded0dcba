package io.mesosharness.assertions;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.Poll;
import io.mesosharness.cluster.WaitTimeoutException;
import io.mesosharness.marathon.Deployment;
import io.mesosharness.marathon.MarathonPod;
import io.mesosharness.marathon.PodStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Waits for a pod by reading {@code GET /v2/pods/{id}::status} and the deployments with {@link Poll}, as
 * {@link AppWatch} does for an app; and whether any agent can run a pod at all.
 */
final class PodWatch {

    private PodWatch() {}

    /** One read of the pod: its status (null: Marathon does not know it) and why the condition is unmet (null: met). */
    private record Reading(PodStatus pod, String unmet) {}

    /**
     * Waits until {@code unmet} (null when the condition holds, else a short reason) holds on a fresh read of the pod;
     * a timeout fails with the expectation, the last reason and the pod's diagnosis.
     */
    static PodStatus await(
            MesosClusterHandle cluster,
            String podId,
            Duration timeout,
            String expectation,
            Function<PodStatus, String> unmet) {
        String id = cluster.marathon().qualify(podId);
        Reading[] last = {null};
        try {
            return Poll.until(
                            timeout,
                            "pod " + id + " to " + expectation,
                            () -> {
                                PodStatus pod =
                                        cluster.marathon().findPodStatus(id).orElse(null);
                                return last[0] = new Reading(
                                        pod, pod == null ? "pod " + id + " does not exist" : unmet.apply(pod));
                            },
                            r -> r.unmet() == null,
                            Reading::unmet)
                    .pod();
        } catch (WaitTimeoutException e) {
            throw new WaitFailedError(
                    WaitFailedError.Kind.TIMEOUT,
                    "Expected pod " + id + " to " + expectation + " within " + Diagnostics.format(timeout) + ", but: "
                            + (last[0] == null ? "no read finished" : last[0].unmet()) + "\n"
                            + Diagnostics.explain(cluster, id, last[0] == null ? null : last[0].pod()));
        }
    }

    /**
     * Waits until no deployment touches the pod, Marathon calls it {@code STABLE} and {@code scaling.instances}
     * instances run all their containers.
     */
    static PodStatus awaitDeployed(MesosClusterHandle cluster, String podId, Duration timeout) {
        return await(cluster, podId, timeout, "be deployed", pod -> deployedReason(cluster, pod));
    }

    static String deployedReason(MesosClusterHandle cluster, PodStatus pod) {
        List<String> deploying = cluster.marathon().deployments().stream()
                .filter(d -> d.affectedPods().contains(pod.id()))
                .map(Deployment::id)
                .toList();
        if (!deploying.isEmpty()) {
            return "deployment " + String.join(", ", deploying) + " still running (" + pod.summary() + ")";
        }
        if (!"STABLE".equals(pod.status()) || pod.runningInstances().size() != pod.instanceCount()) {
            return pod.summary();
        }
        return null;
    }

    /** Fails if no agent has what Mesos' default executor needs for this pod (agents it cannot ask are not judged). */
    static void requireAgentsFor(MesosClusterHandle cluster, MarathonPod pod) {
        List<String> seen = new ArrayList<>();
        for (io.mesosharness.mesos.Agent agent : cluster.mesos().agents()) {
            JsonNode flags;
            try {
                flags = cluster.mesos().agentState(agent.id()).path("flags");
            } catch (RuntimeException e) {
                return;
            }
            List<String> containerizers =
                    List.of(flags.path("containerizers").asText("mesos").split(","));
            List<String> isolation = List.of(flags.path("isolation").asText("").split(","));
            boolean volumes = pod.volumeNames().isEmpty()
                    || isolation.contains("volume/sandbox_path")
                    || isolation.contains("filesystem/linux");
            if (containerizers.contains("mesos") && volumes) {
                return;
            }
            seen.add(agent.hostname() + " (containerizers " + containerizers + ", isolation " + isolation + ")");
        }
        if (!seen.isEmpty()) {
            throw new IllegalStateException("pod " + cluster.marathon().qualify(pod.id()) + " (from " + pod.source()
                    + ") cannot run on any agent of " + cluster.name() + ": pods run under Mesos' default executor,"
                    + " which needs the 'mesos' containerizer"
                    + (pod.volumeNames().isEmpty()
                            ? ""
                            : " and, for the" + " pod's volumes " + pod.volumeNames()
                                    + ", the isolator volume/sandbox_path or filesystem/linux")
                    + "; agents: " + String.join("; ", seen)
                    + ". Marathon would accept the pod and never start it: give"
                    + " at least one agent the mesos containerizer (the default; with Docker: containerizers"
                    + " [docker, mesos]) and, outside the harness, one of those isolators");
        }
    }
}
