package io.mesosharness.containers;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.List;
import org.testcontainers.utility.DockerImageName;

/**
 * What the Mesos master and agent share: the harness sets the entrypoint itself (images differ: {@code mesos-master},
 * {@code mesos-slave}, none), and the container's hostname is the name Mesos advertises.
 *
 * @param <SELF> the concrete container, for fluent setters
 */
public abstract class MesosComponentContainer<SELF extends MesosComponentContainer<SELF>>
        extends ComponentContainer<SELF> {

    private final int port;
    private List<String> executable;

    protected MesosComponentContainer(
            DockerImageName image, DockerImageName compatibleWith, String kind, int port, Setting command) {
        super(image, compatibleWith, kind, ContainerSupport.generatedHostname(kind), port);
        this.port = port;
        this.executable = ContainerSupport.command(HarnessConfiguration.load().get(command));
        withCreateContainerCmdModifier(cmd -> cmd.withHostName(hostname).withEntrypoint(executable));
    }

    /**
     * Overrides the entrypoint (default from the {@code mesos.harness.*.command} setting): one string is split on
     * spaces ({@code "mesos-slave"}, {@code "/usr/sbin/mesos-agent"}); several are taken as they are.
     */
    public SELF withExecutable(String... command) {
        executable = ContainerSupport.command(command);
        return self();
    }

    /** The entrypoint the container will run. */
    public List<String> getExecutable() {
        return List.copyOf(executable);
    }

    public String getHostname() {
        return hostname;
    }

    /** For containers on the network: {@code http://<hostname>:<port>}. */
    public String getInternalUrl() {
        return "http://" + hostname + ":" + port;
    }
}
