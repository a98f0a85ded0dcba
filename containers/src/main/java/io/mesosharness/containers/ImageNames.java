package io.mesosharness.containers;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks Docker image references ({@code [registry[:port]/]path[:tag][@digest]}, surrounding whitespace ignored)
 * before Testcontainers, which cuts some bad names silently and fails on others with a bare exception.
 */
public final class ImageNames {
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN_COMPONENT = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    private ImageNames() {}

    /** What is wrong with this image reference, or empty when it is a valid one. */
    public static Optional<String> problem(String image) {
        if (image == null || image.isBlank()) {
            return Optional.of("the image name is empty");
        }
        String s = image.strip();
        if (s.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("an image name has no spaces");
        }
        int at = s.indexOf('@');
        if (at >= 0) {
            String digest = s.substring(at + 1);
            if (!DIGEST.matcher(digest).matches()) {
                return Optional.of("'" + digest + "' after '@' is not a digest (expected e.g. sha256:<64 hex digits>)");
            }
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            String tag = s.substring(colon + 1);
            if (tag.isEmpty()) {
                return Optional.of("it ends in ':' without a tag (give a tag, e.g. '" + s + "latest', or no ':')");
            }
            if (!TAG.matcher(tag).matches()) {
                return Optional.of("tag '" + tag + "' may only contain letters, digits, '_', '.' and '-' (not first),"
                        + " at most 128 characters");
            }
            s = s.substring(0, colon);
        }
        if (s.isEmpty()) {
            return Optional.of("the repository name is missing");
        }
        String[] parts = s.split("/", -1);
        int first = 0;
        if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
            Optional<String> domain = domainProblem(parts[0]);
            if (domain.isPresent()) {
                return domain;
            }
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                return Optional.of("'" + s + "' has an empty path component (a leading, trailing or doubled '/')");
            }
            if (!PATH_COMPONENT.matcher(part).matches()) {
                String why = part.chars().anyMatch(Character::isUpperCase)
                        ? " (repository names are lowercase)"
                        : " (lowercase letters and digits, separated by '.', '_', '__' or '-')";
                return Optional.of("'" + part + "' is not a valid repository name component" + why);
            }
        }
        return Optional.empty();
    }

    /**
     * The image reference, stripped, when it is valid; otherwise an {@link IllegalArgumentException} saying
     * "Bad image name '{value as given}' for {what}: {problem}".
     *
     * @param what the setting and where it came from, e.g. "mesos.harness.image.marathon (from system property ...)"
     */
    public static String require(String image, String what) {
        Optional<String> problem = problem(image);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("Bad image name '" + image + "' for " + what + ": " + problem.get()
                    + "; expected e.g. 'mesosphere/marathon:v1.11.24' or 'registry.local:5000/zookeeper:3.9'");
        }
        return image.strip();
    }

    private static Optional<String> domainProblem(String domain) {
        String host = domain;
        int colon = domain.indexOf(':');
        if (colon >= 0) {
            String port = domain.substring(colon + 1);
            if (!PORT.matcher(port).matches()) {
                return Optional.of("registry port '" + port + "' in '" + domain + "' is not a number");
            }
            host = domain.substring(0, colon);
        }
        for (String component : host.split("\\.", -1)) {
            if (!DOMAIN_COMPONENT.matcher(component).matches()) {
                return Optional.of("registry host '" + host + "' is not a valid host name");
            }
        }
        return Optional.empty();
    }
}
