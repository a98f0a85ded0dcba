package io.mesosharness.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

/**
 * Counts a container as started once its process ran, even if it already exited: the readiness wait then fails
 * at once with the exit code and the process's last output, instead of Testcontainers' "is running" check
 * failing after 5 s with a dump of the container's configuration.
 */
final class StartedCheck extends StartupCheckStrategy {

    @Override
    public StartupStatus checkStartupState(DockerClient dockerClient, String containerId) {
        InspectContainerResponse.ContainerState state = getCurrentState(dockerClient, containerId);
        if (Boolean.TRUE.equals(state.getRunning())
                || Boolean.TRUE.equals(state.getRestarting())
                || state.getStartedAt() != null && !state.getStartedAt().startsWith("0001-")) {
            return StartupStatus.SUCCESSFUL;
        }
        return StartupStatus.NOT_YET_KNOWN;
    }
}
