package io.mesosharness.marathon;

import java.util.List;

/** A running deployment ({@code GET /v2/deployments}); it disappears from the list when it has finished. */
public record Deployment(
        String id,
        String version,
        List<String> affectedApps,
        List<String> affectedPods,
        List<Action> currentActions,
        int currentStep,
        int totalSteps) {

    /**
     * One action of a deployment step, e.g. {@code ScaleApplication /toomany}, with the readiness results of its tasks
     * when the app has readiness checks.
     */
    public record Action(String action, String app, String pod, List<ReadinessCheckResult> readinessCheckResults) {

        @Override
        public String toString() {
            return action + " " + (app != null ? app : pod);
        }
    }
}
