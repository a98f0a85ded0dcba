package io.mesosharness.topology;

import io.mesosharness.containers.ComponentContainer;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/** Name rules shared by the model and the readers: DNS labels, reserved host names, "did you mean". */
final class Names {
    /** Host names the harness keeps for its own containers (and master-<n>). */
    static final Set<String> RESERVED_HOSTNAMES = Set.of("localhost", "zookeeper", "zk", "marathon", "master");

    private Names() {}

    static boolean isDnsLabel(String s) {
        return ComponentContainer.isHostname(s) && s.indexOf('.') < 0;
    }

    static boolean isTopologyName(String s) {
        return s != null && s.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    }

    static boolean isReservedHostname(String s) {
        return RESERVED_HOSTNAMES.contains(s) || s.matches("master(-\\d+)?");
    }

    /** The name with "-agent" appended when it is reserved. */
    static String unreserved(String s) {
        return isReservedHostname(s) ? s + "-agent" : s;
    }

    /** Lower case, every run of characters other than {@code [a-z0-9]} becomes one '-', at most 63 characters. */
    static String sanitize(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        lower = lower.length() > 63 ? lower.substring(0, 63).replaceAll("-+$", "") : lower;
        return lower.isEmpty() ? "agent" : lower;
    }

    /** A host's first DNS label sanitized, or the whole IP address with dashes ({@code 10-1-9-9}). */
    static String shortHostName(String host) {
        return sanitize(host.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? host : host.split("\\.")[0]);
    }

    /** The allowed name closest to {@code given}: the same ignoring case, '_' and '-', or a few edits away. */
    static Optional<String> closest(String given, Collection<String> allowed) {
        String g = normalize(given);
        int limit = Math.max(1, Math.min(3, g.length() / 3));
        return allowed.stream()
                .min(Comparator.comparingInt(c -> distance(g, normalize(c))))
                .filter(c -> distance(g, normalize(c)) <= limit);
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

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] row = IntStream.rangeClosed(0, b.length()).toArray();
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(
                        Math.min(row[j - 1], above) + 1, diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
