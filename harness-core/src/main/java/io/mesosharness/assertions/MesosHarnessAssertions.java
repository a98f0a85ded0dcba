package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;

/**
 * The static entry point of mesos-harness' checks:
 * <pre>{@code
 * assertThat(cluster).app("/web").isDeployed().satisfiesItsConstraints().isSpreadEvenlyBy("rack");
 * }</pre>
 * See docs/CHECKS.md for every check and what its failure message shows; {@link Waits} has the same waits without
 * AssertJ.
 */
public final class MesosHarnessAssertions {

    private MesosHarnessAssertions() {}

    public static ClusterAssert assertThat(MesosClusterHandle cluster) {
        return new ClusterAssert(cluster);
    }

    /** Checks over all apps of a deployment recording together (blue-green). */
    public static RecordingAssert assertThat(DeploymentRecorder recorder) {
        return new RecordingAssert(recorder);
    }

    public static DeploymentAssert assertThat(RecordedDeployment deployment) {
        return new DeploymentAssert(deployment);
    }
}
