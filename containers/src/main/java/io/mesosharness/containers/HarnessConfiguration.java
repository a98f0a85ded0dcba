package io.mesosharness.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.testcontainers.utility.DockerImageName;

/**
 * The settings of mesos-harness, read in one place. Each has a system property ({@code mesos.harness.image.marathon})
 * and an environment variable ({@code MESOS_HARNESS_IMAGE_MARATHON}). First match wins: system properties, environment,
 * {@code mesos-harness.properties} on the classpath, then in the home directory, then the default; blank is unset.
 * Testcontainers' {@code ImageNameSubstitutor} still applies to the images.
 */
public final class HarnessConfiguration {

    /** A setting: its property name, environment variable and default. */
    public enum Setting {
        ZOOKEEPER_IMAGE("mesos.harness.image.zookeeper", "zookeeper:3.9"),
        MESOS_MASTER_IMAGE("mesos.harness.image.mesos-master", "mesosphere/mesos-master:1.7.0"),
        MESOS_AGENT_IMAGE("mesos.harness.image.mesos-agent", "mesosphere/mesos-slave:1.7.0"),
        MARATHON_IMAGE("mesos.harness.image.marathon", "mesosphere/marathon:v1.8.244"),
        /** Executable started in the master image (the harness sets the entrypoint itself). */
        MESOS_MASTER_COMMAND("mesos.harness.mesos-master.command", "mesos-master"),
        /** Executable started in the agent image; older images also have {@code mesos-slave}. */
        MESOS_AGENT_COMMAND("mesos.harness.mesos-agent.command", "mesos-agent"),
        /** Marathon entrypoint override, blank = the image's own entrypoint. */
        MARATHON_ENTRYPOINT("mesos.harness.marathon.entrypoint", ""),
        /** {@code JAVA_OPTS} of Marathon's JVM ({@code ./mesos-harness bench --marathon-java-opts} compares others). */
        MARATHON_JAVA_OPTS("mesos.harness.marathon.java-opts", MarathonContainer.DEFAULT_JAVA_OPTS),
        /** Whether local clusters give Marathon's JVM a class-data archive ({@link ClassDataArchive}). */
        MARATHON_CLASS_DATA_ARCHIVE("mesos.harness.marathon.class-data-archive", "true"),
        EXTERNAL_MESOS_URL("mesos.harness.external.mesos-url", ""),
        EXTERNAL_MARATHON_URL("mesos.harness.external.marathon-url", ""),
        /** When true, a missing image or Docker engine fails tests instead of skipping them. */
        REQUIRE_CLUSTER("mesos.harness.require-cluster", "false"),
        /** When false, images are never pulled: only images already on the Docker host count as available. */
        PULL_IMAGES("mesos.harness.pull", "true"),
        /** How many shared clusters of the JUnit extension may run at the same time. */
        MAX_SHARED_CLUSTERS("mesos.harness.max-shared-clusters", "3"),
        /** How many clusters of {@code shared = false} classes start ahead of their class; 0 turns the pool off. */
        POOL_AHEAD("mesos.harness.pool-ahead", "1");

        private final String property;
        private final String defaultValue;

        Setting(String property, String defaultValue) {
            this.property = property;
            this.defaultValue = defaultValue;
        }

        public String property() {
            return property;
        }

        /** {@code mesos.harness.image.mesos-master} becomes {@code MESOS_HARNESS_IMAGE_MESOS_MASTER}. */
        public String environmentVariable() {
            return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }

        public String defaultValue() {
            return defaultValue;
        }

        /** "system property X or environment variable Y", for messages that tell the user what to set. */
        public String howToSet() {
            return "system property " + property + " or environment variable " + environmentVariable();
        }
    }

    private static final String FILE_NAME = "mesos-harness.properties";
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");
    private static final Pattern REGISTRY_HOST =
            Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");

    private final List<Source> sources;

    private HarnessConfiguration(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Reads system properties, the environment and both properties files as they are now. */
    public static HarnessConfiguration load() {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(HarnessConfiguration.class.getClassLoader());
        return load(loader, Path.of(System.getProperty("user.home"), FILE_NAME));
    }

    /** {@link #load()} with the classpath file looked up in {@code loader}. */
    static HarnessConfiguration load(ClassLoader loader, Path homeFile) {
        URL resource = loader.getResource(FILE_NAME);
        String onClasspath = FILE_NAME + " on the classpath" + (resource == null ? "" : " (" + resource + ")");
        try {
            URL home = Files.isRegularFile(homeFile) ? homeFile.toUri().toURL() : null;
            return new HarnessConfiguration(List.of(
                    new Source("system property", System::getProperty, false, false),
                    new Source("environment variable", System::getenv, true, false),
                    new Source(onClasspath, read(resource, onClasspath)::getProperty, false, true),
                    new Source(homeFile.toString(), read(home, homeFile.toString())::getProperty, false, true)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + homeFile, e);
        }
    }

    /** A configuration from explicit maps (property names and environment variable names), for tests. */
    public static HarnessConfiguration of(Map<String, String> systemProperties, Map<String, String> environment) {
        return new HarnessConfiguration(List.of(
                new Source("system property", systemProperties::get, false, false),
                new Source("environment variable", environment::get, true, false)));
    }

    /**
     * This configuration with {@code overrides} (keyed by property name) winning over every source; {@code
     * overridesName} says where they come from in {@link #sourceOf}, e.g. "JUnit configuration parameter".
     */
    public HarnessConfiguration withOverrides(Map<String, String> overrides, String overridesName) {
        return withOverrides(Map.copyOf(overrides)::get, overridesName);
    }

    /** Like {@link #withOverrides(Map, String)}, the values looked up by property name (null when not set). */
    public HarnessConfiguration withOverrides(Function<String, String> overrides, String overridesName) {
        List<Source> all = new ArrayList<>();
        all.add(new Source(overridesName, overrides, false, false));
        all.addAll(sources);
        return new HarnessConfiguration(all);
    }

    /** The value of a setting; never null, the default when no source sets it. */
    public String get(Setting setting) {
        return findProperty(setting).map(Map.Entry::getValue).orElse(setting.defaultValue());
    }

    /**
     * Where the value of a setting comes from: "environment variable MESOS_HARNESS_IMAGE_MARATHON",
     * "mesos.harness.pull in /home/me/mesos-harness.properties", or "default".
     */
    public String sourceOf(Setting setting) {
        return findProperty(setting).map(Map.Entry::getKey).orElse("default");
    }

    public boolean getBoolean(Setting setting) {
        String value = get(setting).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default ->
                throw new IllegalArgumentException("Bad value '" + get(setting) + "' for " + setting.howToSet()
                        + " (from " + sourceOf(setting) + "): expected true or false");
        };
    }

    /** {@link #getInt getInt(setting, 1)}. */
    public int getPositiveInt(Setting setting) {
        return getInt(setting, 1);
    }

    /** A whole number of at least {@code min}; otherwise a message with the setting, the value and where it came from. */
    public int getInt(Setting setting, int min) {
        String value = get(setting).trim();
        if (value.matches("[+-]?\\d{1,9}") && Integer.parseInt(value) >= min) {
            return Integer.parseInt(value);
        }
        throw new IllegalArgumentException(setting.property() + " = '" + get(setting) + "' (" + sourceOf(setting)
                + "): must be a whole number >= " + min);
    }

    /**
     * The configured image for a component, declared compatible with the built-in default when overridden. A value
     * that is not a Docker image reference fails with the setting, where it came from and the value as given.
     */
    public DockerImageName image(Setting imageSetting) {
        if (!imageSetting.property().startsWith("mesos.harness.image.")) {
            throw new IllegalArgumentException(imageSetting.property() + " is not an image setting");
        }
        String image = get(imageSetting);
        Optional<String> problem = imageProblem(image);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("Bad image name '" + image + "' for " + imageSetting.property()
                    + " (from " + sourceOf(imageSetting) + "): " + problem.get()
                    + "; expected e.g. 'mesosphere/marathon:v1.11.24' or 'registry.local:5000/zookeeper:3.9'");
        }
        DockerImageName name = DockerImageName.parse(image.strip());
        DockerImageName defaultName = DockerImageName.parse(imageSetting.defaultValue());
        // An image the user configured explicitly is meant to stand in for the default one.
        return name.getUnversionedPart().equals(defaultName.getUnversionedPart())
                ? name
                : name.asCompatibleSubstituteFor(defaultName.getUnversionedPart());
    }

    public DockerImageName zookeeperImage() {
        return image(Setting.ZOOKEEPER_IMAGE);
    }

    public DockerImageName mesosMasterImage() {
        return image(Setting.MESOS_MASTER_IMAGE);
    }

    public DockerImageName mesosAgentImage() {
        return image(Setting.MESOS_AGENT_IMAGE);
    }

    public DockerImageName marathonImage() {
        return image(Setting.MARATHON_IMAGE);
    }

    /** The external cluster's URLs, when both are configured; external mode starts no containers. */
    public Optional<ExternalUrls> externalCluster() {
        String mesos = get(Setting.EXTERNAL_MESOS_URL).trim();
        String marathon = get(Setting.EXTERNAL_MARATHON_URL).trim();
        if (mesos.isEmpty() && marathon.isEmpty()) {
            return Optional.empty();
        }
        if (mesos.isEmpty() || marathon.isEmpty()) {
            throw new IllegalArgumentException("External mode needs both URLs, but only "
                    + (mesos.isEmpty() ? Setting.EXTERNAL_MARATHON_URL : Setting.EXTERNAL_MESOS_URL).property()
                    + " is set. Also set "
                    + (mesos.isEmpty() ? Setting.EXTERNAL_MESOS_URL : Setting.EXTERNAL_MARATHON_URL).howToSet() + ".");
        }
        return Optional.of(new ExternalUrls(mesos, marathon));
    }

    /** URLs of an existing cluster. */
    public record ExternalUrls(String mesosUrl, String marathonUrl) {}

    /**
     * What is wrong with a Docker image reference ({@code [registry[:port]/]path[:tag][@digest]}, surrounding
     * whitespace ignored), or empty when it is valid: checked before Testcontainers, which cuts some bad names
     * silently and fails on others with a bare exception.
     */
    public static Optional<String> imageProblem(String image) {
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
            String[] hostPort = parts[0].split(":", 2);
            if (hostPort.length == 2 && !PORT.matcher(hostPort[1]).matches()) {
                return Optional.of("registry port '" + hostPort[1] + "' in '" + parts[0] + "' is not a number");
            } else if (!REGISTRY_HOST.matcher(hostPort[0]).matches()) {
                return Optional.of("registry host '" + hostPort[0] + "' is not a valid host name");
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

    private Optional<Map.Entry<String, String>> findProperty(Setting setting) {
        for (Source source : sources) {
            String key = source.byEnvironmentName ? setting.environmentVariable() : setting.property();
            String value = source.lookup.apply(key);
            if (value != null && !value.isBlank()) {
                return Optional.of(Map.entry(source.describe(key), value));
            }
        }
        return Optional.empty();
    }

    private static Properties read(URL file, String what) {
        Properties p = new Properties();
        if (file != null) {
            try (InputStream in = file.openStream()) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + what, e);
            }
        }
        return p;
    }

    /**
     * A source of values, looked up by property name or, with {@code byEnvironmentName}, by the environment variable
     * name; {@code inFile} sources are described "key in file", the others "kind key".
     */
    private record Source(String name, Function<String, String> lookup, boolean byEnvironmentName, boolean inFile) {
        String describe(String key) {
            return inFile ? key + " in " + name : name + " " + key;
        }
    }
}
