package io.mesosharness.marathon;

import java.util.List;
import java.util.function.Function;

/**
 * A top-level Marathon group that a {@link MarathonClient} view keeps its apps in, e.g. {@code /web-deploy-test}:
 * app ids going out are put in it ({@code /web} becomes {@code /web-deploy-test/web}), ids already in it are left as
 * they are, and lists coming back are cut to it. {@link #NONE} changes nothing.
 *
 * @param group {@code /web-deploy-test}, or "" for {@link #NONE}
 */
public record AppNamespace(String group) {

    /** No namespace: ids are only normalised to a leading '/'. */
    public static final AppNamespace NONE = new AppNamespace("");

    /** Checks {@code group} ("" for {@link #NONE}) and gives it a leading '/'. */
    public AppNamespace {
        String segment = group.replaceFirst("^/", "");
        if (!group.isEmpty()
                && (segment.contains(".")
                        || !DefinitionText.ID_SEGMENT.matcher(segment).matches())) {
            throw new IllegalArgumentException("App namespace '" + group + "' is not valid: it must be one Marathon id "
                    + "segment of lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        group = segment.isEmpty() ? "" : "/" + segment;
    }

    /**
     * The namespace {@code /name}; {@code name} is one Marathon id segment (lowercase letters, digits and '-',
     * starting and ending with a letter or digit), with or without the leading '/'.
     */
    public static AppNamespace of(String name) {
        return new AppNamespace(name.isEmpty() ? "/" : name); // not NONE: "/" fails the check
    }

    public boolean isNone() {
        return group.isEmpty();
    }

    /** The id as Marathon knows it: {@code web} and {@code /web} give {@code /ns/web}; {@code /ns/web} stays. */
    public String qualify(String appId) {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("app id must not be empty, got '" + appId + "'");
        }
        String id = appId.trim().startsWith("/") ? appId.trim() : "/" + appId.trim();
        return isNone() || contains(id) ? id : group + id;
    }

    /** True if the id (Marathon's, normalised) lies in this namespace; always true for {@link #NONE}. */
    public boolean contains(String appId) {
        return isNone() || (appId != null && appId.startsWith(group + "/"));
    }

    <T> List<T> filter(List<T> items, Function<T, String> id) {
        return items.stream().filter(i -> contains(id.apply(i))).toList();
    }

    @Override
    public String toString() {
        return isNone() ? "(no namespace)" : group;
    }
}
