package io.mesosharness.assertions;

import java.util.Optional;

/**
 * What {@link AppAssert#keepsVolumeDataAcrossTaskKill(String)} did and found, from
 * {@link AppAssert#volumeCheckResult()}.
 *
 * @param agent      the agent's host name
 * @param volumePath the volume's directory inside the agent container; empty on an external cluster
 * @param marker     written into the volume before the kill and read back after it, or (external cluster, checked
 *                   through the tasks' stdout) what the killed task printed and the relaunched one printed again
 */
public record VolumeCheckResult(
        String appId,
        String containerPath,
        String killedTask,
        String relaunchedTask,
        String agent,
        String agentId,
        Optional<String> volumePath,
        String marker,
        boolean external) {

    /** E.g. {@code volume 'data' kept marker mesos-harness-… (killed T1 on a1, relaunched as T2 on a1)}. */
    public String summary() {
        return "volume '" + containerPath + "' kept " + (external ? "its data" : "marker " + marker) + " (killed "
                + killedTask + " on " + agent + ", relaunched as " + relaunchedTask + " on " + agent + ")";
    }

    @Override
    public String toString() {
        return summary();
    }
}
