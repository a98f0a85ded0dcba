package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * What the Mesos and Marathon containers hand to Docker, checked on the base image standing in for the real
 * ones: the entrypoint, the flags, the hostname, the libprocess address, Marathon's restart policy, and that a
 * process that exits makes the wait fail at once with its output.
 */
@Tag("docker")
class ContainerWiringTest {

    private static final String BASE = "mesos-harness/debian:bookworm";

    @BeforeAll
    static void docker() {
        assertThat(ImageAvailability.dockerUnavailable())
                .as("the docker layer needs a Docker engine (scripts/prepare-docker.sh starts one)")
                .isEmpty();
    }

    @Test
    void masterRunsTheConfiguredExecutableWithItsFlagsAndFailsFastWhenItExits() {
        DockerImageName image = DockerImageName.parse(BASE).asCompatibleSubstituteFor("mesosphere/mesos-master");
        try (MesosMasterContainer master = new MesosMasterContainer(image)
                .withExecutable("echo")
                .withHostname("wiring-master")
                .withClusterName("wiring")
                .withStartupTimeout(Duration.ofSeconds(30))) {
            long start = System.nanoTime();
            assertThatThrownBy(master::start)
                    .satisfies(e -> assertThat(causes(e))
                            .contains(
                                    "Mesos master wiring-master: the container exited (exit code 0) before it was ready")
                            .contains("--hostname=wiring-master --no-hostname_lookup --port=5050")
                            .contains("--cluster=wiring"));
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to fail").isLessThan(10_000);
        }
    }

    @Test
    void agentGetsItsHostnameAndDockerContainerizerFlags() {
        DockerImageName image = DockerImageName.parse(BASE).asCompatibleSubstituteFor("mesosphere/mesos-slave");
        try (MesosAgentContainer agent = new MesosAgentContainer(image)
                .withExecutable(
                        "sh",
                        "-c",
                        "echo host=$(hostname) socket=$(test -S /var/run/docker.sock && echo yes)"
                                + " workdir=$(test -d /tmp/mesos-harness-wiring/agent && echo yes) args=\"$*\"",
                        "agent")
                .withMaster("zk://zk:2181/mesos")
                .withHostname("wiring-agent")
                .withAttributes("rack:a")
                .withWorkDir("/tmp/mesos-harness-wiring/agent")
                .withDockerContainerizer()
                .withStartupTimeout(Duration.ofSeconds(30))) {
            assertThatThrownBy(agent::start)
                    .satisfies(e -> assertThat(causes(e))
                            .contains("host=wiring-agent socket=yes workdir=yes")
                            .contains("--master=zk://zk:2181/mesos")
                            .contains("--attributes=rack:a")
                            .contains("--containerizers=docker,mesos")
                            .contains("--no-docker_kill_orphans"));
        } finally {
            // Docker created the bind-mount source on the host; it is empty.
            java.io.File dir = new java.io.File("/tmp/mesos-harness-wiring/agent");
            dir.delete();
            dir.getParentFile().delete();
        }
    }

    @Test
    void marathonGetsLibprocessAddressOnTheNetworkAndIsRestartedWhenItFails() {
        DockerImageName image = DockerImageName.parse(BASE).asCompatibleSubstituteFor("mesosphere/marathon");
        try (Network network = Network.newNetwork();
                MarathonContainer marathon = new MarathonContainer(image)
                        .withEntrypoint(
                                "sh",
                                "-c",
                                "echo run ip=$LIBPROCESS_IP adv=$LIBPROCESS_ADVERTISE_IP"
                                        + " host=$(hostname) java=$JAVA_OPTS args=\"$*\"; exit 3",
                                "marathon")
                        .withNetwork(network)
                        .withHostname("wiring-marathon")
                        .withMaster("zk://zk:2181/mesos")
                        .withZooKeeper("zk://zk:2181/marathon-wiring")
                        .withStartupTimeout(Duration.ofSeconds(60))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(marathon::start).satisfies(e -> {
                String text = causes(e);
                // the crash loop is reported at once, with the exit code, not after the startup timeout
                assertThat((System.nanoTime() - t0) / 1e9)
                        .as("seconds to report the crash loop")
                        .isLessThan(20);
                assertThat(text)
                        .containsPattern("the process exited( \\(last exit code 3\\))? and Docker restarted it")
                        .contains("host=wiring-marathon java=" + MarathonContainer.DEFAULT_JAVA_OPTS)
                        .contains("--master=zk://zk:2181/mesos --zk=zk://zk:2181/marathon-wiring");
                Matcher ip = Pattern.compile("run ip=(\\d+\\.\\d+\\.\\d+\\.\\d+) adv=(\\S+)")
                        .matcher(text);
                assertThat(ip.find()).as("libprocess address in " + text).isTrue();
                assertThat(ip.group(2)).isEqualTo(ip.group(1));
                assertThat(ip.group(1)).isNotEqualTo("127.0.0.1");
                // exit 3 and Docker's on-failure policy: the process ran more than once.
                assertThat(Pattern.compile("run ip=").matcher(text).results().count())
                        .isGreaterThanOrEqualTo(2);
            });
        }
    }

    @Test
    void marathonWithoutAnEntrypointInTheImageSaysWhatToConfigure() {
        DockerImageName image = DockerImageName.parse(BASE).asCompatibleSubstituteFor("mesosphere/marathon");
        try (MarathonContainer marathon = new MarathonContainer(image)
                .withMaster("zk://zk:2181/mesos")
                .withZooKeeper("zk://zk:2181/marathon")
                .withStartupTimeout(Duration.ofSeconds(5))) {
            assertThatThrownBy(marathon::start)
                    .satisfies(e -> assertThat(causes(e))
                            .contains("Image " + BASE + " has no entrypoint")
                            .contains("MESOS_HARNESS_MARATHON_ENTRYPOINT"));
        }
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}
