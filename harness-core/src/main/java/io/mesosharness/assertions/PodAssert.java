package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.Poll;
import io.mesosharness.cluster.WaitTimeoutException;
import io.mesosharness.marathon.PodStatus;
import io.mesosharness.mesos.MesosException;
import io.mesosharness.placement.CheckResult;
import io.mesosharness.placement.ConstraintChecker;
import io.mesosharness.placement.Placement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;

/**
 * Checks of one Marathon pod, obtained from {@code MesosHarnessAssertions.assertThat(cluster).pod("/web")}; the id
 * lies in the handle's app namespace like app ids. Placement checks count one per instance (its containers share an
 * agent), wait until the pod is deployed, then judge once, with the same reports as for apps.
 */
public final class PodAssert extends AbstractAssert<PodAssert, String> {

    private final MesosClusterHandle cluster;
    private Duration timeout;

    PodAssert(MesosClusterHandle cluster, String podId, Duration timeout) {
        super(AppWatch.resolve(Objects.requireNonNull(cluster, "cluster"), podId), PodAssert.class);
        this.cluster = cluster;
        this.timeout = Waits.positive(timeout);
    }

    /** Timeout of the following waiting checks on this assert. */
    public PodAssert within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return myself;
    }

    /**
     * No deployment touches the pod, Marathon calls it {@code STABLE} and {@code scaling.instances} instances run all
     * their containers (waits). On timeout shows the instances and containers, deployments, the launch queue with why
     * offers were declined, and the placement.
     */
    public PodAssert isDeployed() {
        deployed();
        return myself;
    }

    /** Exactly {@code n} instances run all their containers (waits). */
    public PodAssert hasRunningInstances(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
        isNotNull();
        try {
            PodWatch.await(
                    cluster,
                    actual,
                    timeout,
                    "have " + n + " running instances",
                    pod -> pod.runningInstances().size() == n ? null : pod.summary());
        } catch (WaitFailedError e) {
            failWithMessage("%s", e.getMessage());
        }
        return myself;
    }

    /** The instances' placement satisfies every constraint of the pod ({@code scheduling.placement.constraints}). */
    public PodAssert satisfiesItsConstraints() {
        return checkPlacement(pod -> {
            if (pod.constraints().isEmpty()) {
                throw new IllegalArgumentException("pod " + actual + " has no constraints to satisfy; use"
                        + " hasAtMostPerAgent or runsOnlyOn for direct checks");
            }
            return ConstraintChecker.check(placement(pod), Diagnostics.parse(actual, pod.constraints()));
        });
    }

    /** No agent runs more than {@code k} instances of the pod. */
    public PodAssert hasAtMostPerAgent(int k) {
        return checkPlacement(pod -> ConstraintChecker.atMostPerAgent(placement(pod), k));
    }

    /** Every instance runs on an agent whose {@code field} equals {@code value}. */
    public PodAssert runsOnlyOn(String field, String value) {
        Waits.requireText("field", field);
        Waits.requireText("value", value);
        return checkPlacement(pod -> ConstraintChecker.onlyOn(placement(pod), field, value));
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
        PodStatus pod = deployed();
        if (pod == null) {
            return myself;
        }
        if (!pod.spec().path("volumes").findValuesAsText("name").contains(volume)) {
            throw new IllegalArgumentException("pod " + actual + " has no volume '" + volume + "' (its volumes: "
                    + pod.spec().path("volumes").findValuesAsText("name") + ")");
        }
        String frameworkId = cluster.marathon().info().frameworkId();
        // an instance's sandbox does not move: looked up once (from its agent's /state), not on every read
        java.util.Map<String, String> sandboxes = new java.util.HashMap<>();
        try {
            Poll.until(
                    timeout,
                    "the file " + path + " in volume " + volume + " of every instance of " + actual,
                    () -> volumeFiles(
                            cluster.marathon().podStatus(actual), frameworkId, sandboxes, volume, path, content),
                    List::isEmpty,
                    List::toString);
        } catch (WaitTimeoutException e) {
            failWithMessage(
                    "Expected the file %s in volume %s of every instance of %s to hold '%s' within %s, but: %s",
                    path, volume, actual, content, Diagnostics.format(timeout), e.getMessage());
        }
        return myself;
    }

    /** What differs from the expectation, per instance; empty when every instance's file holds the content. */
    private List<String> volumeFiles(
            PodStatus pod,
            String frameworkId,
            java.util.Map<String, String> sandboxes,
            String volume,
            String path,
            String content) {
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
                String read = cluster.mesos().readFile(instance.agentId(), file).trim();
                if (!read.equals(content.trim())) {
                    off.add(instance.id() + " on " + instance.agentHostname() + ": " + file + " holds '" + read + "'");
                }
            } catch (MesosException e) {
                off.add(instance.id() + " on " + instance.agentHostname() + ": " + (file == null ? "" : file + ": ")
                        + e.getMessage());
            }
        }
        return off;
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

    private PodStatus deployed() {
        isNotNull();
        try {
            return PodWatch.awaitDeployed(cluster, actual, timeout);
        } catch (WaitFailedError e) {
            failWithMessage("%s", e.getMessage());
            return null;
        }
    }

    private Placement placement(PodStatus pod) {
        return ClusterPlacement.of(pod, cluster.mesos().agents());
    }

    private PodAssert checkPlacement(Function<PodStatus, CheckResult> check) {
        isNotNull();
        PodStatus pod;
        try {
            pod = PodWatch.awaitDeployed(cluster, actual, timeout);
        } catch (WaitFailedError e) {
            failWithMessage("%s", "Cannot judge the placement: " + e.getMessage());
            return myself;
        }
        CheckResult result = check.apply(pod);
        if (!result.satisfied()) {
            failWithMessage(
                    "%s",
                    result.report() + "\nConstraints of " + actual + ": " + Diagnostics.constraints(pod.constraints()));
        }
        return myself;
    }
}
