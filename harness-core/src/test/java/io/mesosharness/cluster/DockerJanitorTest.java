package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** Cleanup without Ryuk: the shutdown hook, the sweep after a killed JVM, and what the sweep must leave alone. */
@Tag("docker")
class DockerJanitorTest {

    private final DockerJanitor janitor = new DockerJanitor();
    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final List<String> clusters = new ArrayList<>();

    @AfterEach
    void removeEverythingThisTestMade() {
        clusters.forEach(janitor::removeCluster);
    }

    @Test
    void sweepRemovesWhatAKilledJvmLeftBehind() throws Exception {
        String id = newCluster("killed");
        Process child = startChild(id, "wait");

        assertThat(janitor.count(id))
                .as("network, volume and container of the child's cluster")
                .isEqualTo(3);
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(janitor.count(id)).as("a killed JVM removes nothing itself").isEqualTo(3);

        DockerJanitor.Removed removed = janitor.sweep(false);

        assertThat(removed.clusters()).contains(id);
        assertThat(janitor.count(id))
                .as("objects labelled with the dead JVM's cluster after the sweep")
                .isZero();
    }

    @Test
    void shutdownHookRemovesTheClusterWhenTheJvmExits() throws Exception {
        String id = newCluster("exits");
        Process child = startChild(id, "exit");

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).isZero();
        assertThat(janitor.count(id)).as("objects left after a normal JVM exit").isZero();
    }

    @Test
    void sweepLeavesClustersOfLiveJvmsAlone() {
        String id = newCluster("alive");
        ClusterNetwork.create(id);

        janitor.sweep(true);

        assertThat(janitor.count(id)).as("this JVM is alive: its cluster stays").isEqualTo(1);
        assertThat(janitor.removeCluster(id).networks()).isEqualTo(1);
        assertThat(janitor.count(id)).isZero();
    }

    @Test
    void sweepKeepsRetainedClustersUnlessAsked() throws Exception {
        String id = newCluster("retained");
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Map<String, String> labels = new java.util.HashMap<>(ClusterLabels.forComponent(id, "volume"));
        labels.put(ClusterLabels.OWNER_PID, String.valueOf(dead.pid()));
        labels.put(ClusterLabels.RETAINED, "true");
        docker.createVolumeCmd().withName(id + "-kept").withLabels(labels).exec();

        janitor.sweep(false);
        assertThat(janitor.count(id))
                .as("retained cluster after a normal sweep")
                .isEqualTo(1);

        janitor.sweep(true);
        assertThat(janitor.count(id))
                .as("retained cluster after a sweep that includes retained ones")
                .isZero();
    }

    @Test
    void orphansAreExactlyTheClustersWhoseOwnerIsGone() throws Exception {
        String alive = newCluster("orphans-alive");
        ClusterNetwork.create(alive);
        String orphan = newCluster("orphans-dead");
        String kept = newCluster("orphans-kept");
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        for (String id : List.of(orphan, kept)) {
            Map<String, String> labels = new java.util.HashMap<>(ClusterLabels.forComponent(id, "volume"));
            labels.put(ClusterLabels.OWNER_PID, String.valueOf(dead.pid()));
            if (id.equals(kept)) {
                labels.put(ClusterLabels.RETAINED, "true");
            }
            docker.createVolumeCmd().withName(id + "-v").withLabels(labels).exec();
        }

        assertThat(janitor.ownerIsGone(orphan)).isTrue();
        assertThat(janitor.ownerIsGone(alive)).isFalse();
        assertThat(janitor.ownerIsGone("no-such-cluster")).isFalse();
        assertThat(janitor.orphans(false)).contains(orphan).doesNotContain(alive, kept);
        assertThat(janitor.orphans(true)).contains(orphan, kept).doesNotContain(alive);

        DockerJanitor.Removed removed = janitor.sweep(false);

        assertThat(removed.clusters()).contains(orphan).doesNotContain(alive, kept);
        assertThat(janitor.count(orphan)).isZero();
        assertThat(janitor.count(alive)).isEqualTo(1);
        assertThat(janitor.count(kept)).isEqualTo(1);
    }

    private String newCluster(String name) {
        String id = ClusterLabels.newClusterId("janitor-" + name);
        clusters.add(id);
        return id;
    }

    private static Process startChild(String clusterId, String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LeftoverMaker.class.getName(),
                        clusterId,
                        mode)
                .redirectErrorStream(true);
        Process child = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.equals("READY")) {
                // keep draining so the child never blocks on a full pipe
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return child;
            }
        }
        throw new AssertionError("child JVM ended before READY:\n" + seen);
    }
}
