package io.mesosharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosharness.cluster.DockerJanitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmark on a Docker host without the Mesos images (forced here with an image name that exists nowhere and
 * pulling off): it still measures what needs no Mesos and says why the rest is skipped.
 */
@Tag("docker")
class BenchDockerTest {

    private static final String ABSENT = "mesos-harness/absent-master:0";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Bench bench = new Bench(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(System.err, true, StandardCharsets.UTF_8));

    @BeforeEach
    void noMesosImages() {
        System.setProperty("mesos.harness.image.mesos-master", ABSENT);
        System.setProperty("mesos.harness.pull", "false");
    }

    @AfterEach
    void restore() {
        System.clearProperty("mesos.harness.image.mesos-master");
        System.clearProperty("mesos.harness.pull");
    }

    @Test
    void measuresZooKeeperAndSaysWhyTheClusterPartIsSkipped() throws Exception {
        int code = bench.run(new String[] {"--agents", "1"});

        assertThat(code).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.path("zookeeperOnly").path("startToSessionMs").asLong())
                .isPositive();
        assertThat(report.path("zookeeperOnly").path("leftovers").asInt()).isZero();
        assertThat(report.path("cluster").path("skipped").asText()).contains(ABSENT);
        assertThat(report.path("leftoverDockerObjects").asInt()).isEqualTo(new DockerJanitor().count(null));
    }
}
