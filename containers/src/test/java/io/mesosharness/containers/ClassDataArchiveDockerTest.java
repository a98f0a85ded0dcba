package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link MarathonContainer#withClassDataArchive(boolean)} with a real JVM: the ZooKeeper image's Java 17 runs
 * ZooKeeper in Marathon's place (same launcher, same {@code JAVA_OPTS}). The first container writes the archive when
 * stopped, the second loads classes from it. Also for an image that runs as {@code nobody}, as Marathon's does.
 */
@Tag("docker")
class ClassDataArchiveDockerTest {

    private static final String IN_MARATHONS_PLACE = "exec java $JAVA_OPTS"
            + " -Dlogback.configurationFile=/opt/zookeeper/conf/logback.xml -cp '/opt/zookeeper/lib/*'"
            + " org.apache.zookeeper.server.ZooKeeperServerMain 2181 /tmp/zk";

    private final DockerClient docker = DockerClientFactory.lazyClient();

    @BeforeAll
    static void docker() {
        assertThat(ImageAvailability.dockerUnavailable())
                .as("the docker layer needs a Docker engine (scripts/prepare-docker.sh starts one)")
                .isEmpty();
    }

    @ParameterizedTest(name = "image user {0}")
    @ValueSource(strings = {"root", "nobody"})
    void theFirstStartWritesTheArchiveAndTheNextOneLoadsItsClassesFromIt(String user) throws Exception {
        String image = HarnessConfiguration.load().zookeeperImage().asCanonicalNameString();
        if (user.equals("nobody")) {
            image = new ImageFromDockerfile("mesos-harness/cds-test-nobody", false)
                    .withDockerfileFromBuilder(b -> b.from(
                                    HarnessConfiguration.load().zookeeperImage().asCanonicalNameString())
                            .user("nobody")
                            .build())
                    .get();
        }
        // options of this run only: a volume of its own
        String javaOpts = "-Xmx128m -Dmesos.harness.test=" + UUID.randomUUID();
        String volume =
                ClassDataArchive.volumeName(docker.inspectImageCmd(image).exec().getId(), javaOpts);
        try (Network network = Network.newNetwork()) {
            try (MarathonContainer first = inMarathonsPlace(image, javaOpts, network)) {
                first.start();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> first.getClassDataArchiveStatus().isPresent());
                assertThat(first.getClassDataArchiveStatus())
                        .hasValue("writing /mesos-harness-cds/marathon.jsa when Marathon exits");
                assertThat(docker.inspectVolumeCmd(volume).exec().getLabels())
                        .containsEntry(ClassDataArchive.CACHE_LABEL, ClassDataArchive.CACHE_KIND);
                first.stop(); // SIGTERM: the JVM writes the archive as it exits
            }
            try (MarathonContainer second = inMarathonsPlace(image, javaOpts, network)
                    .withEnv("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=/tmp/classes.txt")) {
                second.start();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> second.getClassDataArchiveStatus().isPresent());
                assertThat(second.getClassDataArchiveStatus()).hasValue("using /mesos-harness-cds/marathon.jsa");
                // "(top)": the class came from the dynamic archive written by the first container
                String fromArchive = second.execInContainer(
                                "grep", "-c", "source: shared objects file (top)", "/tmp/classes.txt")
                        .getStdout()
                        .trim();
                assertThat(Integer.parseInt(fromArchive)).isGreaterThan(500);
            }
        } finally {
            docker.removeVolumeCmd(volume).exec();
            if (user.equals("nobody")) {
                docker.removeImageCmd(image).withForce(true).exec();
            }
        }
    }

    private static MarathonContainer inMarathonsPlace(String image, String javaOpts, Network network) {
        return new MarathonContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mesosphere/marathon"))
                .withNetwork(network)
                .withMaster("zk://zk:2181/mesos")
                .withZooKeeper("zk://zk:2181/marathon")
                .withEntrypoint("/bin/sh", "-c", IN_MARATHONS_PLACE, "zookeeper")
                .withEnv("JAVA_OPTS", javaOpts)
                .withClassDataArchive(true)
                .waitingFor(Wait.forLogMessage(".*binding to port.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }
}
