package io.mesosharness.marathon;

import static io.mesosharness.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Typed accessors of {@link MarathonEvent} on the upstream one-event-per-type examples. */
@Tag("unit")
class MarathonEventTest {

    private static MarathonEvent event(String name) {
        return MarathonEvent.parse(null, text("upstream/marathon/examples/from-docs/event-" + name + ".json"));
    }

    @Test
    void healthStatusChanged() {
        MarathonEvent e = event("health_status_changed_event");
        assertThat(e.eventType()).isEqualTo(MarathonEvent.HEALTH_STATUS_CHANGED);
        assertThat(e.appId()).isEqualTo("/my-app");
        assertThat(e.instanceId()).isEqualTo("my-app.instance-c7c311a4-b669-11e6-a48f-0ea4f4b1778c");
        assertThat(e.healthy()).contains(true);
    }

    @Test
    void instanceHealthChanged() {
        MarathonEvent e = event("instance_health_changed_event");
        assertThat(e.is(MarathonEvent.INSTANCE_HEALTH_CHANGED)).isTrue();
        assertThat(e.appId()).isEqualTo("/app-id");
        assertThat(e.healthy()).contains(true);
    }

    @Test
    void failedHealthCheckIsUnhealthy() {
        MarathonEvent e = event("failed_health_check_event");
        assertThat(e.taskId()).isEqualTo("my-app_0-1396592784349");
        assertThat(e.appId()).isEqualTo("/my-app");
        assertThat(e.healthy()).contains(false);
        assertThat(e.raw().path("healthCheck").path("protocol").asText()).isEqualTo("HTTP");
    }

    @Test
    void instanceChangedAndUnknownInstanceTerminated() {
        MarathonEvent changed = event("instance_changed_event");
        assertThat(changed.condition()).isEqualTo("Running");
        assertThat(changed.text("agentId")).isEqualTo("20140909-054127-177048842-5050-1494-0");
        assertThat(changed.text("host")).isEqualTo("slave-1234.acme.org");
        assertThat(changed.healthy()).isEmpty();

        MarathonEvent unknown = event("unknown_instance_terminated_event");
        assertThat(unknown.is(MarathonEvent.UNKNOWN_INSTANCE_TERMINATED)).isTrue();
        assertThat(unknown.condition()).isEqualTo("Running");
        assertThat(unknown.instanceId()).isEqualTo("my-app.instance-c7c311a4-b669-11e6-a48f-0ea4f4b1778c");
    }

    @Test
    void deploymentEvents() {
        assertThat(event("deployment_failed").deploymentId()).isEqualTo("867ed450-f6a8-4d33-9b0e-e11c5513990b");
        MarathonEvent success = event("deployment_success");
        assertThat(success.isDeploymentEvent()).isTrue();
        assertThat(success.deploymentId()).isNotBlank();
        MarathonEvent step = event("deployment_step_success");
        assertThat(step.deploymentId()).isNotBlank();
        assertThat(step.affectedApps()).isNotEmpty();
        assertThat(event("status_update_event").deploymentId()).isNull();
    }

    @Test
    void statusUpdate() {
        MarathonEvent e = event("status_update_event");
        assertThat(e.taskStatus()).isNotBlank();
        assertThat(e.taskId()).isNotBlank();
        assertThat(e.toString()).startsWith("status_update_event {").contains(e.taskStatus());
    }

    @Test
    void invalidDataIsAClearError() {
        assertThatThrownBy(() -> MarathonEvent.parse("status_update_event", "{not json"))
                .hasMessageContaining("Marathon event 'status_update_event' has invalid JSON data: {not json");
    }
}
