package io.mesosharness.topology;

import io.mesosharness.containers.Flags;
import io.mesosharness.containers.MarathonContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * How Marathon is started: its Mesos role and principal (both needed for local persistent volumes), enabled
 * features, the offer revive throttle and any further command-line flags.
 */
public final class MarathonSettings {
    /** Features Marathon 1.8 to 1.10 accept in {@code --enable_features}. */
    public static final List<String> KNOWN_FEATURES =
            List.of("vips", "task_killing", "external_volumes", "secrets", "gpu_resources");

    /**
     * The field of these settings behind a setter of {@link MarathonContainer#OWNED_FLAGS}; {@link Builder#flag}
     * refuses every owned flag, naming the field or "set by the harness".
     */
    private static final Map<String, String> FIELDS = Map.of(
            "withRole(String)", "role",
            "withPrincipal(String)", "principal",
            "withFeatures(String...)", "features",
            "withMinReviveOffersInterval(Duration)", "minReviveOffersInterval");

    private static final MarathonSettings DEFAULTS = new Builder().build();

    private final String role;
    private final String principal;
    private final List<String> features;
    private final Duration minReviveOffersInterval;
    private final Map<String, String> flags;

    private MarathonSettings(Builder b) {
        this.role = b.role;
        this.principal = b.principal;
        this.features = List.copyOf(b.features);
        this.minReviveOffersInterval = b.minReviveOffersInterval;
        this.flags = Collections.unmodifiableMap(new TreeMap<>(b.flags));
    }

    /** Role "marathon", principal "marathon", no features, revive interval 500 ms, no extra flags. */
    public static MarathonSettings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.role = role;
        b.principal = principal;
        b.features.addAll(features);
        b.minReviveOffersInterval = minReviveOffersInterval;
        b.flags.putAll(flags);
        return b;
    }

    /** {@code --mesos_role}; never "*" (resident apps need a real role). Default "marathon". */
    public String role() {
        return role;
    }

    /** {@code --mesos_authentication_principal}; put into reservations. Default "marathon". */
    public String principal() {
        return principal;
    }

    /** {@code --enable_features}, in the order given. */
    public List<String> features() {
        return features;
    }

    /** {@code --min_revive_offers_interval}. Default 500 ms. */
    public Duration minReviveOffersInterval() {
        return minReviveOffersInterval;
    }

    /** Further flags, name (without "--") to value; an empty value means a switch without value. Sorted by name. */
    public Map<String, String> flags() {
        return flags;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MarathonSettings)) {
            return false;
        }
        MarathonSettings other = (MarathonSettings) o;
        return role.equals(other.role)
                && principal.equals(other.principal)
                && features.equals(other.features)
                && minReviveOffersInterval.equals(other.minReviveOffersInterval)
                && flags.equals(other.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, principal, features, minReviveOffersInterval, flags);
    }

    @Override
    public String toString() {
        return "MarathonSettings{role=" + role + ", principal=" + principal + ", features=" + features
                + ", minReviveOffersInterval=" + Durations.format(minReviveOffersInterval) + ", flags=" + flags + "}";
    }

    /** Builds {@link MarathonSettings}; every value is checked when it is set. */
    public static final class Builder {
        private String role = "marathon";
        private String principal = "marathon";
        private final Set<String> features = new LinkedHashSet<>();
        private Duration minReviveOffersInterval = Duration.ofMillis(500);
        private final Map<String, String> flags = new TreeMap<>();

        private Builder() {}

        /** The Mesos role Marathon registers with; not "*". */
        public Builder role(String role) {
            if ("*".equals(role)) {
                throw new TopologyException(
                        "marathon.role",
                        "role '*' is not allowed: local persistent volumes (resident "
                                + "apps) need a real role; use e.g. 'marathon'");
            }
            if (!MarathonContainer.isRole(role)) {
                throw new TopologyException(
                        "marathon.role",
                        "bad role '" + role + "': use letters, digits and _ . - /, " + "not starting with '-' or '/'");
            }
            this.role = role;
            return this;
        }

        /** The principal Marathon uses in reservations. */
        public Builder principal(String principal) {
            if (!MarathonContainer.isPrincipal(principal)) {
                throw new TopologyException(
                        "marathon.principal", "bad principal '" + principal + "': must be non-empty without spaces");
            }
            this.principal = principal;
            return this;
        }

        /** Replaces the enabled features. */
        public Builder features(List<String> features) {
            this.features.clear();
            for (String f : features) {
                feature(f);
            }
            return this;
        }

        /** Replaces the enabled features. */
        public Builder features(String... features) {
            return features(List.of(features));
        }

        /** Enables one more feature. */
        public Builder feature(String feature) {
            if (!KNOWN_FEATURES.contains(feature)) {
                throw new TopologyException(
                        "marathon.features", Names.unknown("feature", String.valueOf(feature), KNOWN_FEATURES));
            }
            this.features.add(feature);
            return this;
        }

        /** How often Marathon may revive offers; more than 0 (the harness's default is 500 ms). */
        public Builder minReviveOffersInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new TopologyException(
                        "marathon.minReviveOffersInterval",
                        "must be more than 0, was " + (interval == null ? null : Durations.format(interval)));
            }
            this.minReviveOffersInterval = interval;
            return this;
        }

        /** Adds a further flag, e.g. {@code flag("decline_offer_duration", "1000")}; "" for a switch. */
        public Builder flag(String name, String value) {
            String n = name == null ? "" : name.startsWith("--") ? name.substring(2) : name;
            String path = "marathon.flags." + n;
            if (!Flags.isName(n)) {
                throw new TopologyException(
                        path, "bad flag name '" + name + "': use lowercase letters, digits and '_'");
            }
            String owner = MarathonContainer.OWNED_FLAGS.get(n);
            if (owner != null) {
                throw new TopologyException(
                        path,
                        "flag '" + n + "' is not allowed here; "
                                + (FIELDS.containsKey(owner)
                                        ? "use marathon." + FIELDS.get(owner) + " instead"
                                        : "it is set by the harness"));
            }
            if (!Flags.isValue(value)) {
                throw new TopologyException(path, "bad value '" + value + "': give a single line (\"\" for a switch)");
            }
            this.flags.put(n, value);
            return this;
        }

        /** Adds further flags. */
        public Builder flags(Map<String, String> flags) {
            new ArrayList<>(flags.entrySet()).forEach(e -> flag(e.getKey(), e.getValue()));
            return this;
        }

        /** The settings. */
        public MarathonSettings build() {
            return new MarathonSettings(this);
        }
    }
}
