package io.mesosharness.topology;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Mesos master flags that matter for tests; immutable, the methods with an argument return checked copies. The
 * defaults ({@code --agent_ping_timeout=1secs --max_agent_ping_timeouts=3}) make a lost agent show after about 4 s
 * instead of Mesos' 75 s.
 *
 * @param agentPingTimeout     {@code --agent_ping_timeout}, more than 0
 * @param maxAgentPingTimeouts {@code --max_agent_ping_timeouts}, at least 1
 * @param registry             {@code --registry}
 * @param flags                extra flags of every master, beyond those the harness sets
 */
public record MasterSettings(Duration agentPingTimeout, int maxAgentPingTimeouts, Registry registry, MesosFlags flags) {
    /** {@code --registry}: where the master keeps its registry. */
    public enum Registry {
        /** Mesos' default; needs a work dir and, with several masters, the quorum. */
        REPLICATED_LOG,
        /** Documented "for testing"; a restarted master forgets its agents. */
        IN_MEMORY;

        /** The flag value, e.g. {@code replicated_log}. */
        public String flagValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Registry parse(String text) {
            String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            return java.util.Arrays.stream(values())
                    .filter(r -> r.name().equals(t))
                    .findFirst()
                    .orElseThrow(() -> new TopologyException(
                            "masterSettings.registry",
                            "bad registry '" + text + "': expected replicated_log or in_memory"));
        }
    }

    private static final MasterSettings DEFAULTS =
            new MasterSettings(Duration.ofSeconds(1), 3, Registry.REPLICATED_LOG, MesosFlags.none());

    public MasterSettings {
        Durations.requirePositive("masterSettings.agentPingTimeout", agentPingTimeout);
        TopologyException.require(
                maxAgentPingTimeouts >= 1,
                "masterSettings.maxAgentPingTimeouts",
                "must be at least 1, was " + maxAgentPingTimeouts);
        Objects.requireNonNull(registry, "registry");
        flags = MesosFlags.none().withAll(MesosFlags.Process.MASTER, "masterSettings.flags", flags);
    }

    /** agentPingTimeout 1 s, maxAgentPingTimeouts 3, registry replicated_log, no extra flags. */
    public static MasterSettings defaults() {
        return DEFAULTS;
    }

    /** A copy with one more master flag, name without {@code --}, e.g. {@code flag("offer_timeout", "30secs")}. */
    public MasterSettings flag(String name, String value) {
        return flags(flags.with(MesosFlags.Process.MASTER, "masterSettings.flags", name, value));
    }

    /** A copy with these extra master flags instead of the current ones. */
    public MasterSettings flags(MesosFlags flags) {
        return new MasterSettings(agentPingTimeout, maxAgentPingTimeouts, registry, flags);
    }

    public MasterSettings agentPingTimeout(Duration timeout) {
        return new MasterSettings(timeout, maxAgentPingTimeouts, registry, flags);
    }

    public MasterSettings maxAgentPingTimeouts(int max) {
        return new MasterSettings(agentPingTimeout, max, registry, flags);
    }

    public MasterSettings registry(Registry registry) {
        return new MasterSettings(agentPingTimeout, maxAgentPingTimeouts, registry, flags);
    }
}
