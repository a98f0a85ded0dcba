package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A running deployment ({@code GET /v2/deployments}); it disappears from the list when it has finished. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Deployment(
        String id,
        String version,
        List<String> affectedApps,
        List<String> affectedPods,
        List<Action> currentActions,
        int currentStep,
        int totalSteps) {

    public Deployment {
        affectedApps = affectedApps == null ? List.of() : List.copyOf(affectedApps);
        affectedPods = affectedPods == null ? List.of() : List.copyOf(affectedPods);
        currentActions = currentActions == null ? List.of() : List.copyOf(currentActions);
    }

    /**
     * One action of a deployment step, e.g. {@code ScaleApplication /toomany}, with the readiness results of its tasks
     * when the app has readiness checks.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Action(String action, String app, String pod, List<ReadinessCheckResult> readinessCheckResults) {
        public Action {
            readinessCheckResults = readinessCheckResults == null ? List.of() : List.copyOf(readinessCheckResults);
        }

        @Override
        public String toString() {
            return action + " " + (app != null ? app : pod);
        }
    }
}
