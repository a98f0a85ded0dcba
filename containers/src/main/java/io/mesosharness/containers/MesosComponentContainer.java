package io.mesosharness.containers;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.List;
import java.util.Map;
import org.testcontainers.utility.DockerImageName;

/**
 * What the Mesos master, agent and Marathon share: the entrypoint from a setting (images differ: {@code mesos-master},
 * {@code mesos-slave}, none), the container hostname as the name they advertise ({@code --hostname}), and their
 * {@link Flags} as {@code --name=value} arguments.
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
            Flags.Style style,
            Map<String, String> ownedFlags) {
        super(image, compatibleWith, kind, ContainerSupport.generatedHostname(kind), port);
        this.port = port;
        this.flags = new Flags(kind, style, ownedFlags);
        String configured = HarnessConfiguration.load().get(command);
        this.executable = configured.isBlank() ? null : ContainerSupport.command(configured);
        withCreateContainerCmdModifier(cmd -> {
            cmd.withHostName(hostname);
            if (executable != null) {
                cmd.withEntrypoint(executable);
            }
        });
        rename(hostname);
        flag("hostname", hostname);
        if (style == Flags.Style.MESOS) {
            flag("hostname_lookup", "false");
        }
    }

    /**
     * Overrides the entrypoint (default from the {@code mesos.harness.*.command} setting): one string is split on
     * spaces ({@code "mesos-slave"}, {@code "/usr/sbin/mesos-agent"}); several are taken as they are.
     */
    public SELF withExecutable(String... command) {
        executable = ContainerSupport.command(command);
        return self();
    }

    /** The entrypoint the container will run; empty for the image's own. */
    public List<String> getExecutable() {
        return executable == null ? List.of() : List.copyOf(executable);
    }

    /** The name Mesos advertises and other containers resolve: container hostname, network alias, {@code --hostname}. */
    public SELF withHostname(String hostname) {
        rename(hostname);
        return flag("hostname", hostname);
    }

    /** Any other flag, as {@code --name=value} (Mesos: {@code "false"} as {@code --no-name}; Marathon: "" as {@code --name}). */
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
