package io.mesosharness.marathon;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A top-level Marathon group that a {@link MarathonClient} view keeps its apps in, e.g. {@code /web-deploy-test}:
 * app ids going out are put in it ({@code /web} becomes {@code /web-deploy-test/web}), ids already in it are left as
 * they are, and lists coming back are cut to it. {@link #NONE} changes nothing.
 */
public final class AppNamespace {

    /** No namespace: ids are only normalised to a leading '/'. */
    public static final AppNamespace NONE = new AppNamespace("");

    private final String group;

    private AppNamespace(String group) {
        this.group = group;
    }

    /**
     * The namespace {@code /name}; {@code name} is one Marathon id segment (lowercase letters, digits and '-',
     * starting and ending with a letter or digit), with or without the leading '/'.
     */
    public static AppNamespace of(String name) {
        Objects.requireNonNull(name, "namespace");
        String segment = name.startsWith("/") ? name.substring(1) : name;
        if (segment.contains(".") || !DefinitionText.ID_SEGMENT.matcher(segment).matches()) {
            throw new IllegalArgumentException("App namespace '" + name + "' is not valid: it must be one Marathon id "
                    + "segment of lowercase letters, digits and '-', starting and ending with a letter or digit");
        }
        return new AppNamespace("/" + segment);
    }

    /** {@code /web-deploy-test}, or "" for {@link #NONE}. */
    public String group() {
        return group;
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

    /** The items whose id lies in this namespace. */
    <T> List<T> filter(List<T> items, Function<T, String> id) {
        return items.stream().filter(i -> contains(id.apply(i))).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppNamespace other && other.group.equals(group);
    }

    @Override
    public int hashCode() {
        return group.hashCode();
    }

    @Override
    public String toString() {
        return isNone() ? "(no namespace)" : group;
    }
}
