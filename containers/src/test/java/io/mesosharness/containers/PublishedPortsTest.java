package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerLaunchException;

/** Where published ports are bound and addressed, and which start failures are tried again with other ports. */
@Tag("unit")
class PublishedPortsTest {

    @Test
    void loopbackOnlyWhenTheEngineIsReachedOnLoopback() {
        assertThat(ComponentContainer.bindAddress("localhost")).isEqualTo("127.0.0.1");
        assertThat(ComponentContainer.bindAddress("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(ComponentContainer.bindAddress("::1")).isEqualTo("127.0.0.1");
        assertThat(ComponentContainer.bindAddress("[::1]")).isEqualTo("127.0.0.1");
    }

    @Test
    void allInterfacesForARemoteOrContainerisedEngine() {
        assertThat(ComponentContainer.bindAddress("10.213.0.1")).isEqualTo("0.0.0.0"); // DOCKER_HOST=tcp://10.213.0.1
        assertThat(ComponentContainer.bindAddress("172.17.0.1")).isEqualTo("0.0.0.0"); // the bridge gateway
        assertThat(ComponentContainer.bindAddress("docker.invalid")).isEqualTo("0.0.0.0"); // a name not resolved here
        assertThat(ComponentContainer.bindAddress("")).isEqualTo("0.0.0.0");
    }

    @Test
    void ipv6HostsAreBracketedInUrls() {
        assertThat(ComponentContainer.urlHost("fd00::2")).isEqualTo("[fd00::2]");
        assertThat(ComponentContainer.urlHost("[fd00::2]")).isEqualTo("[fd00::2]");
        assertThat(ComponentContainer.urlHost("docker")).isEqualTo("docker");
    }

    @Test
    void aPortTakenBeforeDockerBoundItIsAConflictWhereverItIsWrapped() {
        // what Docker 20.10 answers (seen on this project's CI machine), wrapped as Testcontainers wraps it
        RuntimeException byContainer = new ContainerLaunchException(
                "Container startup failed for image zookeeper",
                new ContainerLaunchException(
                        "Could not create/start container",
                        new InternalServerErrorException("Status 500: {\"message\":\"driver failed programming "
                                + "external connectivity on endpoint x: Bind for 127.0.0.1:41778 failed: port is "
                                + "already allocated\"}")));
        RuntimeException byProcess = new ContainerLaunchException(
                "Could not create/start container",
                new InternalServerErrorException("Status 500: {\"message\":\"driver failed programming external "
                        + "connectivity on endpoint x: Error starting userland proxy: listen tcp4 127.0.0.1:41777: "
                        + "bind: address already in use\"}"));

        assertThat(ComponentContainer.isPortConflict(byContainer)).isTrue();
        assertThat(ComponentContainer.isPortConflict(byProcess)).isTrue();
        assertThat(ComponentContainer.isPortConflict(
                        new ContainerLaunchException("Wait strategy failed. Container exited with code 1")))
                .isFalse();
    }
}
