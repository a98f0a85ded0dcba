package io.mesosharness.assertions;

import java.util.Optional;

/**
 * What {@link AppAssert#keepsVolumeDataAcrossTaskKill(String)} did and found, for a test to go on from (e.g. to
 * read the volume on {@link #agent()} or to kill {@link #relaunchedTask()} next); from
 * {@link AppAssert#volumeCheckResult()}.
 *
 * @param appId          the app, e.g. {@code /db}
 * @param containerPath  the volume checked, e.g. {@code data}
 * @param killedTask     the task id that was killed
 * @param relaunchedTask the task id Marathon relaunched the instance as (on the same agent)
 * @param agent          the agent's host name
 * @param agentId        the agent's Mesos id
 * @param volumePath     the volume's directory inside the agent container; empty on an external cluster
 * @param marker         the marker written into the volume before the kill and read back after it (local cluster),
 *                       or what the killed task printed and the relaunched one printed again (external cluster)
 * @param external       whether the check ran on an external cluster (through the tasks' stdout)
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

    /**
     * One line, e.g. {@code volume 'data' kept marker mesos-harness-… (killed T1 on a1, relaunched as T2 on a1)}.
     */
    public String summary() {
        String where =
                " (killed " + killedTask + " on " + agent + ", relaunched as " + relaunchedTask + " on " + agent + ")";
        return external
                ? "volume '" + containerPath + "' kept its data" + where
                : "volume '" + containerPath + "' kept marker " + marker + where;
    }

    @Override
    public String toString() {
        return summary();
    }
}
