package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Who owns a labelled cluster, as the sweep judges it. */
@Tag("unit")
class ClusterLabelsTest {

    private static Map<String, String> labels(String pid, String started, String host) {
        Map<String, String> labels = new HashMap<>(ClusterLabels.forComponent("c-1", "network"));
        if (pid != null) {
            labels.put(ClusterLabels.OWNER_PID, pid);
        }
        if (started != null) {
            labels.put(ClusterLabels.OWNER_STARTED, started);
        }
        if (host != null) {
            labels.put(ClusterLabels.OWNER_HOST, host);
        }
        return labels;
    }

    @Test
    void thisJvmIsNotGone() {
        assertThat(ClusterLabels.ownerIsGone(ClusterLabels.forComponent("c-1", "network")))
                .isFalse();
    }

    @Test
    void aProcessThatEndedIsGone() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();

        assertThat(ClusterLabels.ownerIsGone(labels(String.valueOf(dead.pid()), null, null)))
                .isTrue();
    }

    @Test
    void thisPidWithAnotherStartIsAnEarlierJvmAndGone() {
        String pid = String.valueOf(ProcessHandle.current().pid());

        assertThat(ClusterLabels.ownerIsGone(labels(pid, "1", null))).isTrue();
    }

    @Test
    void unreadableOwnerLabelsAreGone() {
        assertThat(ClusterLabels.ownerIsGone(labels("not-a-pid", null, null))).isTrue();
    }

    @Test
    void ownersOnOtherHostsAndUnlabelledObjectsAreNeverGone() throws Exception {
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();

        assertThat(ClusterLabels.ownerIsGone(labels(String.valueOf(dead.pid()), null, "some-other-host")))
                .isFalse();
        assertThat(ClusterLabels.ownerIsGone(null)).isFalse();
        assertThat(ClusterLabels.ownerIsGone(Map.of(ClusterLabels.OWNER_PID, String.valueOf(dead.pid()))))
                .isFalse();
    }

    @Test
    void retainedIsTheLabelTrue() {
        Map<String, String> kept = labels(null, null, null);
        assertThat(ClusterLabels.isRetained(kept)).isFalse();
        kept.put(ClusterLabels.RETAINED, "true");
        assertThat(ClusterLabels.isRetained(kept)).isTrue();
        assertThat(ClusterLabels.isRetained(null)).isFalse();
    }
}
