package io.mesosharness.topology;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Mesos master flags that matter for tests. The defaults make a lost agent show after about 4 s instead of the
 * 75 s of Mesos' own defaults ({@code --agent_ping_timeout=1secs --max_agent_ping_timeouts=3}).
 */
public final class MasterSettings {
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
            String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Registry r : values()) {
                if (r.name().equals(t)) {
                    return r;
                }
            }
            throw new TopologyException(
                    "masterSettings.registry", "bad registry '" + text + "': expected replicated_log or in_memory");
        }
    }

    private static final MasterSettings DEFAULTS = new Builder().build();

    private final Duration agentPingTimeout;
    private final int maxAgentPingTimeouts;
    private final Registry registry;
    private final MesosFlags flags;

    private MasterSettings(Builder b) {
        this.agentPingTimeout = b.agentPingTimeout;
        this.maxAgentPingTimeouts = b.maxAgentPingTimeouts;
        this.registry = b.registry;
        this.flags = b.flags;
    }

    /** agentPingTimeout 1 s, maxAgentPingTimeouts 3, registry replicated_log. */
    public static MasterSettings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .agentPingTimeout(agentPingTimeout)
                .maxAgentPingTimeouts(maxAgentPingTimeouts)
                .registry(registry)
                .flags(flags);
    }

    /** {@code --agent_ping_timeout}. */
    public Duration agentPingTimeout() {
        return agentPingTimeout;
    }

    /** {@code --max_agent_ping_timeouts}. */
    public int maxAgentPingTimeouts() {
        return maxAgentPingTimeouts;
    }

    /** {@code --registry}. */
    public Registry registry() {
        return registry;
    }

    /** Extra flags of every master, beyond those the harness sets ({@code masterSettings.flags}). */
    public MesosFlags flags() {
        return flags;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MasterSettings)) {
            return false;
        }
        MasterSettings other = (MasterSettings) o;
        return agentPingTimeout.equals(other.agentPingTimeout)
                && maxAgentPingTimeouts == other.maxAgentPingTimeouts
                && registry == other.registry
                && flags.equals(other.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(agentPingTimeout, maxAgentPingTimeouts, registry, flags);
    }

    @Override
    public String toString() {
        return "MasterSettings{agentPingTimeout=" + Durations.format(agentPingTimeout) + ", maxAgentPingTimeouts="
                + maxAgentPingTimeouts + ", registry=" + registry.flagValue()
                + (flags.isEmpty() ? "" : ", flags=" + flags) + "}";
    }

    /** Builds {@link MasterSettings}; every value is checked when it is set. */
    public static final class Builder {
        private Duration agentPingTimeout = Duration.ofSeconds(1);
        private int maxAgentPingTimeouts = 3;
        private Registry registry = Registry.REPLICATED_LOG;
        private MesosFlags flags = MesosFlags.none();

        private Builder() {}

        /**
         * One more master flag, name without {@code --}, e.g. {@code flag("offer_timeout", "30secs")}; flags the
         * harness sets are refused, naming the setting to use instead.
         */
        public Builder flag(String name, String value) {
            this.flags = flags.with(MesosFlags.Process.MASTER, "masterSettings.flags", name, value);
            return this;
        }

        /** Replaces the extra master flags. */
        public Builder flags(MesosFlags flags) {
            this.flags = MesosFlags.none();
            Objects.requireNonNull(flags, "flags").asMap().forEach(this::flag);
            return this;
        }

        /** More than 0. */
        public Builder agentPingTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new TopologyException(
                        "masterSettings.agentPingTimeout",
                        "must be more than 0, was " + (timeout == null ? null : Durations.format(timeout)));
            }
            this.agentPingTimeout = timeout;
            return this;
        }

        /** At least 1. */
        public Builder maxAgentPingTimeouts(int max) {
            if (max < 1) {
                throw new TopologyException("masterSettings.maxAgentPingTimeouts", "must be at least 1, was " + max);
            }
            this.maxAgentPingTimeouts = max;
            return this;
        }

        /** The registry kind. */
        public Builder registry(Registry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The settings. */
        public MasterSettings build() {
            return new MasterSettings(this);
        }
    }
}
