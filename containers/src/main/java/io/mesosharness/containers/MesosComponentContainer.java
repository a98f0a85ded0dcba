package io.mesosharness.containers;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.List;
import java.util.Map;
import org.testcontainers.utility.DockerImageName;

/**
 * What the Mesos master and agent share: the entrypoint set by the harness (images differ: {@code mesos-master},
 * {@code mesos-slave}, none), the container hostname as the name Mesos advertises ({@code --hostname},
 * {@code --no-hostname_lookup}), and flags as {@code --name=value} arguments ({@code "false"} as {@code --no-name}).
 *
 * @param <SELF> the concrete container, for fluent setters
 */
public abstract class MesosComponentContainer<SELF extends MesosComponentContainer<SELF>>
        extends ComponentContainer<SELF> {

    protected final Flags flags;
    private final int port;
    private List<String> executable;

    protected MesosComponentContainer(
            DockerImageName image,
            DockerImageName compatibleWith,
            String kind,
            int port,
            Setting command,
            Map<String, String> ownedFlags) {
        super(image, compatibleWith, kind, ContainerSupport.generatedHostname(kind), port);
        this.port = port;
        this.flags = new Flags(kind, Flags.Style.MESOS, ownedFlags);
        this.executable = ContainerSupport.command(HarnessConfiguration.load().get(command));
        withCreateContainerCmdModifier(cmd -> cmd.withHostName(hostname).withEntrypoint(executable));
        rename(hostname);
        flags.set("hostname", hostname);
        flag("hostname_lookup", "false");
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

    /** The name Mesos advertises and other containers resolve: container hostname, network alias, {@code --hostname}. */
    public SELF withHostname(String hostname) {
        rename(hostname);
        return flag("hostname", hostname);
    }

    /** Any other flag, as {@code --name=value} ({@code "false"} renders as {@code --no-name}). */
    public SELF withFlag(String name, String value) {
        flags.setUser(name, value);
        return flag(name, value);
    }

    public String getHostname() {
        return hostname;
    }

    /** For containers on the network: {@code http://<hostname>:<port>}. */
    public String getInternalUrl() {
        return "http://" + hostname + ":" + port;
    }

    /** The flags as name to value, in order. */
    public Map<String, String> getFlags() {
        return flags.asMap();
    }

    /** Sets a flag ({@code null} removes it) and the command line. */
    protected SELF flag(String name, String value) {
        flags.set(name, value);
        setCommand(flags.render().toArray(String[]::new));
        return self();
    }
}
