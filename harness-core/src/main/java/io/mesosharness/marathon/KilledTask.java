package io.mesosharness.marathon;

import java.util.Optional;

/**
 * Result of {@link MarathonClient#killTask} and its variants: the killed task (plain kill, wipe), or the deployment
 * started when the kill also scaled the app down.
 */
public record KilledTask(Optional<MarathonTask> task, Optional<DeploymentRef> deployment) {}
