package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * A retained cluster outlives its JVM: the child JVM starts ZooKeeper on a cluster network the way a local cluster
 * does, retains it and exits normally, so that Testcontainers' own JVM-exit cleanup runs (Ryuk is disabled in this
 * build, which makes Testcontainers remove its session's containers in a shutdown hook instead). Ryuk removes by the
 * same session label, which the harness's containers do not carry.
 */
@Tag("docker")
class RetainSurvivesJvmExitTest {

    private final DockerJanitor janitor = new DockerJanitor();
    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final List<String> clusters = new ArrayList<>();

    @AfterEach
    void removeWhatTheChildrenKept() {
        clusters.forEach(janitor::removeCluster);
    }

    @Test
    void aRetainedClusterRunsAndAnswersAfterItsJvmExited() throws Exception {
        String id = newCluster("kept");

        String connect = runChild(id, "retain");

        List<Container> containers = containersOf(id);
        assertThat(containers).as("containers of the retained cluster").hasSize(1);
        assertThat(containers.get(0).getState()).isEqualTo("running");
        assertThat(containers.get(0).getLabels())
                .as("labels of a harness container")
                .containsEntry(ClusterLabels.CLUSTER, id)
                .doesNotContainKey(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL);
        assertThat(zookeeperStatus(connect)).startsWith("Zookeeper version:");
        assertThat(janitor.count(id))
                .as("container, network and retained marker")
                .isEqualTo(3);
    }

    @Test
    void withTestcontainersCleanupTheSameContainerWouldBeGone() throws Exception {
        String id = newCluster("control");

        runChild(id, "unprotected");

        assertThat(containersOf(id))
                .as("a container that carries Testcontainers' session label, after its JVM exited")
                .isEmpty();
    }

    @Test
    void aRetainedClusterSurvivesRyuk() throws Exception {
        String ryuk = TestcontainersConfiguration.getInstance().getRyukImage();
        assumeTrue(
                imageIsPresent(ryuk),
                "Ryuk's image " + ryuk + " is not on this Docker host (no registry here); where it is, this test runs"
                        + " the child JVM with Ryuk enabled");
        String id = newCluster("ryuk");

        String connect = runChild(id, "with-control", Map.of("TESTCONTAINERS_RYUK_DISABLED", "false"));

        Poll.until(
                Duration.ofSeconds(90),
                "Ryuk to remove the child's unprotected control container",
                () -> containersOf(id).stream()
                        .filter(c -> "control".equals(c.getLabels().get(ClusterLabels.COMPONENT)))
                        .count(),
                n -> n == 0,
                n -> n + " control container(s) left");
        List<Container> left = containersOf(id);
        assertThat(left).as("the retained ZooKeeper after Ryuk's cleanup").hasSize(1);
        assertThat(left.get(0).getState()).isEqualTo("running");
        assertThat(zookeeperStatus(connect)).startsWith("Zookeeper version:");
    }

    private boolean imageIsPresent(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private List<Container> containersOf(String id) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ClusterLabels.CLUSTER, id))
                .exec();
    }

    private String newCluster(String name) {
        String id = ClusterLabels.newClusterId("retain-" + name);
        clusters.add(id);
        return id;
    }

    /** Runs {@link RetainingChild} to its normal end; returns the ZooKeeper connect string it printed. */
    private static String runChild(String clusterId, String mode) throws Exception {
        return runChild(clusterId, mode, Map.of());
    }

    private static String runChild(String clusterId, String mode, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        RetainingChild.class.getName(),
                        clusterId,
                        mode)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process child = builder.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
        assertThat(child.exitValue())
                .as("child exit code; its output:\n" + output)
                .isZero();
        return output.lines()
                .filter(l -> l.startsWith("READY "))
                .map(l -> l.substring("READY ".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("child printed no READY line:\n" + output));
    }

    /** ZooKeeper's {@code srvr} four-letter word (whitelisted by default since 3.5). */
    private static String zookeeperStatus(String connect) throws IOException {
        String[] hostPort = connect.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
