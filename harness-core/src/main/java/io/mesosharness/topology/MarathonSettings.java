package io.mesosharness.topology;

import io.mesosharness.containers.MarathonContainer;
import io.mesosharness.containers.MesosComponentContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How Marathon is started. Immutable: the constructor checks every value, the other methods return changed copies,
 * e.g. {@code MarathonSettings.defaults().role("test")}.
 *
 * @param role                    {@code --mesos_role}; never "*" (local persistent volumes need a real role)
 * @param principal               {@code --mesos_authentication_principal}; put into reservations
 * @param features                {@code --enable_features}, in the order given, each once
 * @param minReviveOffersInterval {@code --min_revive_offers_interval}, more than 0
 * @param flags                   further flags, name (without "--") to value, sorted; "" for a switch
 */
public record MarathonSettings(
        String role,
        String principal,
        List<String> features,
        Duration minReviveOffersInterval,
        Map<String, String> flags) {
    /** Features Marathon 1.8 to 1.10 accept in {@code --enable_features}. */
    public static final List<String> KNOWN_FEATURES =
            List.of("vips", "task_killing", "external_volumes", "secrets", "gpu_resources");

    /** The field behind a setter of {@link MarathonContainer#OWNED_FLAGS}; other owned flags are the harness'. */
    private static final Map<String, String> FIELDS = Map.of(
            "withRole(String)", "role",
            "withPrincipal(String)", "principal",
            "withFeatures(String...)", "features",
            "withMinReviveOffersInterval(Duration)", "minReviveOffersInterval");

    private static final MarathonSettings DEFAULTS =
            new MarathonSettings("marathon", "marathon", List.of(), Duration.ofMillis(500), Map.of());

    public MarathonSettings {
        TopologyException.require(
                !"*".equals(role),
                "marathon.role",
                "role '*' is not allowed: local persistent volumes (resident apps) need a real role; use e.g."
                        + " 'marathon'");
        TopologyException.require(
                MarathonContainer.isRole(role),
                "marathon.role",
                "bad role '" + role + "': use letters, digits and _ . - /, not starting with '-' or '/'");
        TopologyException.require(
                MarathonContainer.isPrincipal(principal),
                "marathon.principal",
                "bad principal '" + principal + "': must be non-empty without spaces");
        for (String f : features) {
            TopologyException.require(
                    KNOWN_FEATURES.contains(f),
                    "marathon.features",
                    Names.unknown("feature", String.valueOf(f), KNOWN_FEATURES));
        }
        features = List.copyOf(new LinkedHashSet<>(features));
        Durations.requirePositive("marathon.minReviveOffersInterval", minReviveOffersInterval);
        flags = Collections.unmodifiableMap(checked(Map.of(), flags));
    }

    /** {@code flags} added to {@code before}, each name without a leading "--" and checked. */
    private static Map<String, String> checked(Map<String, String> before, Map<String, String> flags) {
        Map<String, String> out = new TreeMap<>(before);
        flags.forEach((name, value) -> {
            String n = name == null ? "" : name.startsWith("--") ? name.substring(2) : name;
            String path = "marathon.flags." + n;
            TopologyException.require(
                    MesosComponentContainer.isFlagName(n),
                    path,
                    "bad flag name '" + name + "': use lowercase letters, digits and '_'");
            String owner = MarathonContainer.OWNED_FLAGS.get(n);
            if (owner != null) {
                String instead = FIELDS.containsKey(owner) ? "use marathon." + FIELDS.get(owner) + " instead" : null;
                throw new TopologyException(
                        path,
                        "flag '" + n + "' is not allowed here; "
                                + (instead != null ? instead : "it is set by the harness"));
            }
            TopologyException.require(
                    MesosComponentContainer.isFlagValue(value),
                    path,
                    "bad value '" + value + "': give a single line (\"\" for a switch)");
            out.put(n, value);
        });
        return out;
    }

    /** Role "marathon", principal "marathon", no features, revive interval 500 ms, no extra flags. */
    public static MarathonSettings defaults() {
        return DEFAULTS;
    }

    /** A copy with this Mesos role for Marathon; not "*". */
    public MarathonSettings role(String role) {
        return new MarathonSettings(role, principal, features, minReviveOffersInterval, flags);
    }

    /** A copy with this principal, which Marathon puts into reservations. */
    public MarathonSettings principal(String principal) {
        return new MarathonSettings(role, principal, features, minReviveOffersInterval, flags);
    }

    /** A copy with these enabled features instead of the current ones. */
    public MarathonSettings features(List<String> features) {
        return new MarathonSettings(role, principal, features, minReviveOffersInterval, flags);
    }

    /** A copy with these enabled features instead of the current ones. */
    public MarathonSettings features(String... features) {
        return features(List.of(features));
    }

    /** A copy with one more enabled feature. */
    public MarathonSettings feature(String feature) {
        List<String> more = new ArrayList<>(features);
        more.add(feature);
        return features(more);
    }

    /** A copy with this interval at which Marathon may revive offers; more than 0. */
    public MarathonSettings minReviveOffersInterval(Duration interval) {
        return new MarathonSettings(role, principal, features, interval, flags);
    }

    /** A copy with a further flag, e.g. {@code flag("decline_offer_duration", "1000")}; "" for a switch. */
    public MarathonSettings flag(String name, String value) {
        return flags(Collections.singletonMap(name, value));
    }

    /** A copy with these further flags. */
    public MarathonSettings flags(Map<String, String> more) {
        return new MarathonSettings(role, principal, features, minReviveOffersInterval, checked(flags, more));
    }
}
