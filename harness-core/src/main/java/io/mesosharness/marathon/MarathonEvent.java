package io.mesosharness.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * One event of Marathon's event stream ({@code /v2/events}): its type, the whole JSON ({@link #raw()}, read-only by
 * convention) and accessors for the fields the deployment recorder reads; absent fields answer null / empty.
 */
public record MarathonEvent(String eventType, JsonNode raw) {

    /**
     * Synthetic event delivered by {@link EventSubscription} after it re-attached to the stream (Marathon restarted or
     * the connection dropped): events in between may have been missed, so waiters should re-read state.
     */
    public static final String STREAM_RECONNECTED = "harness_event_stream_reconnected";

    public static final String EVENT_STREAM_ATTACHED = "event_stream_attached";
    public static final String STATUS_UPDATE = "status_update_event";
    public static final String INSTANCE_CHANGED = "instance_changed_event";
    public static final String HEALTH_STATUS_CHANGED = "health_status_changed_event";
    public static final String INSTANCE_HEALTH_CHANGED = "instance_health_changed_event";
    public static final String FAILED_HEALTH_CHECK = "failed_health_check_event";
    public static final String UNKNOWN_INSTANCE_TERMINATED = "unknown_instance_terminated_event";
    public static final String DEPLOYMENT_SUCCESS = "deployment_success";
    public static final String DEPLOYMENT_FAILED = "deployment_failed";

    /**
     * Parses the {@code data} of one SSE event. The type comes from the JSON's {@code eventType}, else from the SSE
     * {@code event:} line ({@code sseType}, may be null).
     */
    public static MarathonEvent parse(String sseType, String data) {
        JsonNode node;
        try {
            node = HttpSupport.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Marathon event '" + sseType + "' has invalid JSON data: " + HttpSupport.abbreviate(data, 200), e);
        }
        node = node == null ? HttpSupport.mapper().createObjectNode() : node;
        String type = node.path("eventType").asText("");
        return new MarathonEvent(type.isEmpty() ? (sseType == null ? "unknown" : sseType) : type, node);
    }

    static MarathonEvent reconnected(Instant at, int reconnects) {
        ObjectNode node = HttpSupport.mapper().createObjectNode();
        node.put("eventType", STREAM_RECONNECTED)
                .put("timestamp", at.toString())
                .put("reconnects", reconnects);
        return new MarathonEvent(STREAM_RECONNECTED, node);
    }

    public boolean is(String type) {
        return eventType.equals(type);
    }

    /** True for the synthetic marker sent after a reconnect. */
    public boolean isReconnectMarker() {
        return is(STREAM_RECONNECTED);
    }

    /** The {@code timestamp} as an instant, if it parses. */
    public Optional<Instant> instant() {
        try {
            return Optional.ofNullable(text("timestamp")).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** App (run spec) id: {@code appId} or {@code runSpecId}. */
    public String appId() {
        return text("appId") != null ? text("appId") : text("runSpecId");
    }

    /** Task id ({@code status_update_event}, {@code failed_health_check_event}). */
    public String taskId() {
        return text("taskId");
    }

    /** Mesos task state of a {@code status_update_event}, e.g. {@code TASK_RUNNING}. */
    public String taskStatus() {
        return text("taskStatus");
    }

    /** Instance id: {@code instanceId}, else derived from {@code taskId} as {@link MarathonTask#instanceId()}. */
    public String instanceId() {
        return text("instanceId") != null ? text("instanceId") : MarathonTask.instanceOf(taskId());
    }

    /** Marathon instance condition ({@code instance_changed_event}, {@code unknown_instance_terminated_event}). */
    public String condition() {
        return text("condition");
    }

    /** The {@code message} (status updates) or {@code reason} (failures). */
    public String message() {
        return text("message") != null ? text("message") : text("reason");
    }

    /**
     * Health: {@code healthy} of {@code instance_health_changed_event}, {@code alive} of
     * {@code health_status_changed_event}; false for {@code failed_health_check_event}; empty otherwise.
     */
    public Optional<Boolean> healthy() {
        JsonNode health = raw.hasNonNull("healthy") ? raw.get("healthy") : raw.get("alive");
        if (health != null && !health.isNull()) {
            return Optional.of(health.asBoolean());
        }
        return is(FAILED_HEALTH_CHECK) ? Optional.of(false) : Optional.empty();
    }

    /** True for every {@code deployment_*} event. */
    public boolean isDeploymentEvent() {
        return eventType.startsWith("deployment_");
    }

    /** Deployment (plan) id: {@code id} of deployment_success/failed, else {@code plan.id}. */
    public String deploymentId() {
        if (!isDeploymentEvent()) {
            return null;
        }
        JsonNode planId = raw.path("plan").path("id");
        return text("id") != null ? text("id") : planId.isTextual() ? planId.asText() : null;
    }

    /** Apps touched by a deployment event's plan (all steps) and current step, in order of appearance. */
    public List<String> affectedApps() {
        // steps are [{actions: [{app}]}], or in the older documented form the actions themselves
        Set<String> apps = new LinkedHashSet<>(raw.path("plan").path("steps").findValuesAsText("app"));
        apps.addAll(raw.path("currentStep").path("actions").findValuesAsText("app"));
        return List.copyOf(apps);
    }

    /** Actions of the current step of a deployment_info / deployment_step_* event, e.g. {@code ScaleApplication /spread}. */
    public List<String> currentStepActions() {
        return StreamSupport.stream(raw.path("currentStep").path("actions").spliterator(), false)
                .map(a -> a.path("action").asText() + " "
                        + a.path("app").asText(a.path("pod").asText()))
                .toList();
    }

    /** A text field of the event (e.g. {@code host}, {@code slaveId}, {@code timestamp}), or null. */
    public String text(String field) {
        JsonNode value = raw.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
        return eventType + " " + raw;
    }
}
