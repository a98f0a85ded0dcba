package io.mesosharness.marathon;

import java.util.Optional;

/**
 * Result of {@link MarathonClient#killTask}: the killed task (plain kill), or the deployment started when the kill
 * also scaled the app down.
 */
public record KilledTask(Optional<MarathonTask> task, Optional<DeploymentRef> deployment) {}
