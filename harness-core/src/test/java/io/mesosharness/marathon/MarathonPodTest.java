package io.mesosharness.marathon;

import static io.mesosharness.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.http.HttpSupport;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link MarathonPod} definitions and {@link PodStatus} as Marathon 1.8.244 reported the same pod (captured). */
@Tag("unit")
class MarathonPodTest {

    @Test
    void aPodDefinitionKeepsEveryFieldAndReadsItsConstraintsAndVolumes() throws Exception {
        MarathonPod pod = MarathonPod.fromResource("pods/shared-volume.json");

        assertThat(pod.id()).isEqualTo("/shared-pod");
        assertThat(pod.instances()).isEqualTo(1);
        assertThat(pod.volumeNames()).containsExactly("shared");
        assertThat(pod.constraints()).containsExactly(List.of("rack", "IS", "a"));
        assertThat(HttpSupport.readTree(pod.toJson())).isEqualTo(HttpSupport.readTree(text("pods/shared-volume.json")));
    }

    @Test
    void thePodsStatusAsMarathonReportedItWithBothContainersRunning() throws Exception {
        PodStatus status = HttpSupport.mapper()
                .readValue(text("captured/pods/marathon-v2-pods-shared-pod-status-stable.json"), PodStatus.class);

        assertThat(status.status()).isEqualTo("STABLE");
        assertThat(status.instanceCount()).isEqualTo(1);
        assertThat(status.constraints()).containsExactly(List.of("rack", "IS", "a"));
        assertThat(status.runningInstances()).singleElement().satisfies(i -> {
            assertThat(i.agentHostname()).isEqualTo("p-1");
            assertThat(i.containers()).extracting(PodStatus.Container::name).containsExactly("writer", "reader");
        });
        assertThat(status.summary())
                .startsWith(
                        "/shared-pod: STABLE, instances 1 of 1 running [p-1 STABLE [writer=TASK_RUNNING, reader=TASK_RUNNING]]");
    }

    @Test
    void aPodThatCannotBePlacedIsDegradedWithoutInstances() throws Exception {
        PodStatus status = HttpSupport.mapper()
                .readValue(text("captured/pods/marathon-v2-pods-nowhere-pod-status-degraded.json"), PodStatus.class);

        assertThat(status.status()).isEqualTo("DEGRADED");
        assertThat(status.instances()).isEmpty();
        assertThat(status.runningInstances()).isEmpty();
        assertThat(status.constraints()).containsExactly(List.of("rack", "IS", "z"));
    }

    @Test
    void badPodsNameTheFieldTheValueAndTheLine() {
        assertThatThrownBy(() -> MarathonPod.fromJson("{\"id\": \"/empty\",\n \"containers\": []}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Marathon pod definition from JSON string, line 2: containers = '[]' must list at least one"
                        + " container (Marathon answers 422 \"error.minLength\"): a pod is the containers Mesos starts"
                        + " together");
        assertThatThrownBy(() -> MarathonPod.fromJson("{\"id\": \"/p\"}"))
                .hasMessageContaining("containers = 'nothing' must list at least one container");
        assertThatThrownBy(() -> MarathonPod.fromJson(
                        "{\"id\": \"/p\", \"containers\": [\n {\"name\": \"a\"},\n {\"name\": \"a\"}]}"))
                .hasMessage("Marathon pod definition from JSON string, line 3: containers[1].name = 'a' is the name of"
                        + " another container of the pod too");
        assertThatThrownBy(() -> MarathonPod.fromJson("{\"containers\": [{\"name\": \"a\"}]}"))
                .hasMessageContaining("id = 'nothing' is missing");
        assertThatThrownBy(() -> MarathonPod.fromJson("{\"id\": \"/Web\", \"containers\": [{\"name\": \"a\"}]}"))
                .hasMessageContaining("line 1: id = '/Web' is not a Marathon id: segment 'Web'");
    }
}
