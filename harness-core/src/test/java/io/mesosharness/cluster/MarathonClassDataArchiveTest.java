package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.assertions.Waits;
import io.mesosharness.containers.ClassDataArchive;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.MarathonContainer;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;

/**
 * Marathon's class-data archive on the real Marathon image: the first cluster's Marathon writes it when the cluster
 * closes, the next cluster's Marathon starts from it without a CDS complaint and works.
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class MarathonClassDataArchiveTest {

    private final DockerClient docker = DockerClientFactory.lazyClient();

    @Test
    void theFirstClusterWritesTheArchiveAndTheNextStartsFromIt() {
        // JAVA_OPTS of this run only: an archive volume of its own, written from scratch
        String javaOpts = MarathonContainer.DEFAULT_JAVA_OPTS + " -Dmesos.harness.test=" + UUID.randomUUID();
        HarnessConfiguration config = HarnessConfiguration.load()
                .withOverrides(
                        Map.of(
                                Setting.MARATHON_JAVA_OPTS.property(),
                                javaOpts,
                                Setting.MARATHON_CLASS_DATA_ARCHIVE.property(),
                                "true"),
                        "MarathonClassDataArchiveTest");
        Topology topology = Topology.builder().name("cds").agent("a1", "rack:a").build();
        String volume = ClassDataArchive.volumeName(
                docker.inspectImageCmd(config.marathonImage().asCanonicalNameString())
                        .exec()
                        .getId(),
                javaOpts);
        try {
            String firstId;
            try (LocalCluster first = LocalCluster.start(topology, config, System.out::println)) {
                firstId = first.id();
                assertThat(first.marathonClassDataArchive())
                        .hasValue("writing /mesos-harness-cds/marathon.jsa when Marathon exits");
            }
            assertThat(new DockerJanitor().count(firstId)).isZero();
            assertThat(archiveVolumes()).contains(volume); // the archive's volume stays

            try (LocalCluster second = LocalCluster.start(topology, config, System.out::println)) {
                assertThat(second.marathonClassDataArchive()).hasValue("using /mesos-harness-cds/marathon.jsa");
                // a JVM that refuses an archive says so with a [cds] warning or error and starts without it
                assertThat(second.recentLogs(2000).get("marathon"))
                        .doesNotContain("[warning][cds")
                        .doesNotContain("[error][cds");
                Waits.deployAndAwait(
                        second,
                        MarathonApp.command("/after-archive", "sleep 600")
                                .withCpus(0.1)
                                .withMem(32),
                        Duration.ofSeconds(60));
                assertThat(second.marathon().app("/after-archive").tasksRunning())
                        .isEqualTo(1);
            }
        } finally {
            if (archiveVolumes().contains(volume)) {
                docker.removeVolumeCmd(volume).exec();
            }
        }
    }

    private Set<String> archiveVolumes() {
        var volumes = docker.listVolumesCmd()
                .withFilter("label", List.of(ClassDataArchive.CACHE_LABEL + "=" + ClassDataArchive.CACHE_KIND))
                .exec()
                .getVolumes();
        Set<String> names = new HashSet<>();
        if (volumes != null) {
            volumes.forEach(v -> names.add(v.getName()));
        }
        return names;
    }
}
