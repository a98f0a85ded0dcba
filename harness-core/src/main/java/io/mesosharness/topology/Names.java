package io.mesosharness.topology;

import io.mesosharness.containers.ComponentContainer;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Name rules shared by the model and the readers: DNS labels, sanitizing, "did you mean". */
final class Names {
    private static final Pattern TOPOLOGY_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final Pattern MASTER_HOST = Pattern.compile("master(-\\d+)?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Host names the harness keeps for its own containers. */
    static final Set<String> RESERVED_HOSTNAMES = Set.of("localhost", "zookeeper", "zk", "marathon", "master");

    private Names() {}

    static boolean isDnsLabel(String s) {
        return ComponentContainer.isHostname(s) && s.indexOf('.') < 0;
    }

    static boolean isTopologyName(String s) {
        return s != null && TOPOLOGY_NAME.matcher(s).matches();
    }

    static boolean isReservedHostname(String s) {
        return RESERVED_HOSTNAMES.contains(s) || MASTER_HOST.matcher(s).matches();
    }

    /** Lower case, every run of characters other than {@code [a-z0-9]} becomes one '-', at most 63 characters. */
    static String sanitize(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (lower.length() > 63) {
            lower = lower.substring(0, 63).replaceAll("-+$", "");
        }
        return lower.isEmpty() ? "agent" : lower;
    }

    /** A host's first DNS label sanitized, or the whole IP address with dashes ({@code 10-1-9-9}). */
    static String shortHostName(String host) {
        return sanitize(IPV4.matcher(host).matches() ? host : host.split("\\.")[0]);
    }

    /** The allowed name closest to {@code given} (same letters ignoring case, '_' and '-', or at most 2 edits). */
    static Optional<String> closest(String given, Collection<String> allowed) {
        String g = normalize(given);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            String c = normalize(candidate);
            if (c.equals(g)) {
                return Optional.of(candidate);
            }
            int d = distance(g, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int limit = Math.max(1, Math.min(3, g.length() / 3));
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** "unknown field 'x' (did you mean 'y'?); allowed: a, b, c". */
    static String unknown(String what, String given, Collection<String> allowed) {
        String hint =
                closest(given, allowed).map(c -> " (did you mean '" + c + "'?)").orElse("");
        return "unknown " + what + " '" + given + "'" + hint + "; allowed: " + String.join(", ", allowed);
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
