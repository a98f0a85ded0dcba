package io.mesosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.containers.ClassDataArchive;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The main job on a Docker host without the Mesos images (forced here with an image name that exists nowhere and
 * pulling off): the demo stops at once with the reason; and the sweep of cache volumes.
 */
@Tag("docker")
class MesosHarnessCliDockerTest {

    private static final String ABSENT = "mesos-harness/absent-master:0";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final MesosHarnessCli cli = new MesosHarnessCli(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

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
    void demoStopsAtOnceWithTheImagesItLookedForAndHowToSetThem() {
        long t0 = System.nanoTime();

        int code = cli.run(new String[] {"demo"});

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString())
                .startsWith("mesos-harness demo: cannot start mesos-harness: images not available")
                .contains(ABSENT)
                .contains("MESOS_HARNESS_IMAGE_MESOS_MASTER");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to give up").isLessThan(30);
    }

    @Test
    void sweepWithCachesRemovesTheClassDataArchivesAndNothingElse() {
        var docker = org.testcontainers.DockerClientFactory.lazyClient();
        String archive = "mesos-harness-cds-test-" + System.nanoTime();
        String other = "mesos-harness-other-" + System.nanoTime();
        docker.createVolumeCmd()
                .withName(archive)
                .withLabels(java.util.Map.of(ClassDataArchive.CACHE_LABEL, ClassDataArchive.CACHE_KIND))
                .exec();
        docker.createVolumeCmd().withName(other).exec();
        try {
            assertThat(cli.run(new String[] {"sweep"})).isZero();
            assertThat(docker.inspectVolumeCmd(archive).exec().getName()).isEqualTo(archive); // kept without --caches

            assertThat(cli.run(new String[] {"sweep", "--caches"})).isZero();
            assertThat(out.toString()).containsPattern("removed [1-9]\\d* class-data archive volumes");
            assertThat(docker.listVolumesCmd().exec().getVolumes())
                    .extracting(v -> v.getName())
                    .doesNotContain(archive)
                    .contains(other);
        } finally {
            docker.removeVolumeCmd(other).exec();
        }
    }

    @Test
    void statusAndSweepWorkOnAnyDockerHost() {
        assertThat(cli.run(new String[] {"sweep"})).isZero();
        assertThat(out.toString()).startsWith("swept ");
        assertThat(cli.run(new String[] {"status"})).isZero();
    }
}
