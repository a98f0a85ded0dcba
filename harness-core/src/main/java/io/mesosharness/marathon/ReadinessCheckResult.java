package io.mesosharness.marathon;

/**
 * The last result of a readiness check on one task, as a running deployment reports it ({@code GET /v2/deployments},
 * {@code currentActions[].readinessCheckResults[]}). Marathon keeps a result per task for the step, updated in place.
 */
public record ReadinessCheckResult(String name, String taskId, boolean ready) {}
