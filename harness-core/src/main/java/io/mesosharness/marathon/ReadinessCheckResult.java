package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The last result of a readiness check on one task, as a running deployment reports it ({@code GET /v2/deployments},
 * {@code currentActions[].readinessCheckResults[]}). Marathon keeps a result per task for the step, updated in place.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReadinessCheckResult(String name, String taskId, boolean ready) {}
