package io.mesosharness.containers;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.testcontainers.utility.DockerImageName;

/**
 * What the Mesos master, agent and Marathon share: the entrypoint from a setting (images differ: {@code mesos-master},
 * {@code mesos-slave}, none), the container hostname as the name they advertise ({@code --hostname}), and their flags
 * as {@code --name=value} arguments. The flags a container sets itself are its {@code OWNED_FLAGS} (flag to what sets
 * it), the one table of them: {@link #withFlag} refuses them, and so do the harness' topologies.
 *
 * @param <SELF> the concrete container, for fluent setters
 */
public abstract class MesosComponentContainer<SELF extends MesosComponentContainer<SELF>>
        extends ComponentContainer<SELF> {

    /** How a flag value is written. */
    protected enum FlagStyle {
        /** Mesos: {@code false} becomes {@code --no-name}. */
        MESOS,
        /** Marathon (Scallop): an empty value becomes a bare {@code --name} toggle. */
        MARATHON
    }

    private static final Pattern FLAG_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** The flags, name to value, in order; {@link #flag} changes them. */
    protected final Map<String, String> flags = new LinkedHashMap<>();

    private final String kind;
    private final int port;
    private final FlagStyle style;
    private final Map<String, String> ownedFlags;
    private List<String> executable;

    protected MesosComponentContainer(
            DockerImageName image,
            DockerImageName compatibleWith,
            String kind,
            int port,
            Setting command,
            FlagStyle style,
            Map<String, String> ownedFlags) {
        super(
                image,
                compatibleWith,
                kind,
                kind + "-" + UUID.randomUUID().toString().substring(0, 8),
                port);
        this.kind = kind;
        this.port = port;
        this.style = style;
        this.ownedFlags = ownedFlags;
        String configured = HarnessConfiguration.load().get(command);
        this.executable = configured.isBlank() ? List.of() : command(configured);
        withCreateContainerCmdModifier(cmd -> {
            cmd.withHostName(hostname);
            if (!executable.isEmpty()) {
                cmd.withEntrypoint(executable);
            }
        });
        rename(hostname);
        flag("hostname", hostname);
        if (style == FlagStyle.MESOS) {
            flag("hostname_lookup", "false");
        }
    }

    /** Whether {@code name} can be a flag name: lower-case letters, digits and _, e.g. {@code work_dir}. */
    public static boolean isFlagName(String name) {
        return name != null && FLAG_NAME.matcher(name).matches();
    }

    /** Whether {@code value} can be a flag value: not null, one line, no NUL. */
    public static boolean isFlagValue(String value) {
        return value != null && value.indexOf('\n') < 0 && value.indexOf('\0') < 0;
    }

    /**
     * Overrides the entrypoint (default from the {@code mesos.harness.*.command} setting): one string is split on
     * spaces ({@code "mesos-slave"}, {@code "/usr/sbin/mesos-agent"}); several are taken as they are.
     */
    public SELF withExecutable(String... command) {
        executable = command(command);
        return self();
    }

    /** The entrypoint the container will run; empty for the image's own. */
    public List<String> getExecutable() {
        return executable;
    }

    /** The name Mesos advertises and other containers resolve: container hostname, network alias, {@code --hostname}. */
    public SELF withHostname(String hostname) {
        rename(hostname);
        return flag("hostname", hostname);
    }

    /** Any other flag, as {@code --name=value} (Mesos: {@code "false"} as {@code --no-name}; Marathon: "" as {@code --name}). */
    public SELF withFlag(String name, String value) {
        String prefix = "Flag --" + name + " of " + kind;
        if (!isFlagName(name)) {
            String hint = name != null && name.startsWith("no-")
                    ? " (write a false boolean as withFlag(\"" + name.substring(3) + "\", \"false\"))"
                    : name != null && name.startsWith("--") ? " (give the name without the leading --)" : "";
            throw new IllegalArgumentException("Bad flag name '" + name + "' for " + kind
                    + ": expected lower-case letters, digits and _ such as work_dir" + hint);
        } else if (!isFlagValue(value)) {
            throw new IllegalArgumentException(
                    prefix + " has a null value or one with a line break or NUL: '" + value + "'");
        } else if (ownedFlags.containsKey(name)) {
            throw new IllegalArgumentException(prefix + " is set by " + ownedFlags.get(name)
                    + "; use that instead of withFlag(\"" + name + "\", \"" + value + "\")");
        } else if (flags.containsKey(name) && !flags.get(name).equals(value)) {
            throw new IllegalArgumentException(
                    prefix + " is set twice: '" + flags.get(name) + "' and then '" + value + "'");
        }
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
        return new LinkedHashMap<>(flags);
    }

    /** Sets a flag ({@code null} removes it) and the command line. */
    protected SELF flag(String name, String value) {
        if (value == null) {
            flags.remove(name);
        } else {
            flags.put(name, value);
        }
        setCommand(flags.entrySet().stream()
                .map(f -> style == FlagStyle.MESOS && f.getValue().equals("false")
                        ? "--no-" + f.getKey()
                        : style == FlagStyle.MARATHON && f.getValue().isEmpty()
                                ? "--" + f.getKey()
                                : "--" + f.getKey() + "=" + f.getValue())
                .toArray(String[]::new));
        return self();
    }

    /** A command line: one string is split on spaces, several are taken as they are; empty is an error. */
    static List<String> command(String... command) {
        List<String> parts = command == null || command.length == 1 && command[0] == null
                ? List.of()
                : command.length != 1
                        ? List.of(command)
                        : Arrays.stream(command[0].trim().split("\\s+"))
                                .filter(s -> !s.isEmpty())
                                .toList();
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Bad executable '"
                    + (command == null ? null : String.join(" ", Arrays.asList(command))) + "': empty");
        }
        return parts;
    }
}
