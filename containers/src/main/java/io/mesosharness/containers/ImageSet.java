package io.mesosharness.containers;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named set of the four cluster images, for running the same tests against several Mesos / Marathon versions.
 * Defined with the same sources as every setting ({@link HarnessConfiguration}: system properties, environment,
 * {@code mesos-harness.properties}):
 *
 * <pre>
 * mesos.harness.image-set.next.marathon=mesosphere/marathon:v1.11.24
 * mesos.harness.image-set.next.mesos-master=mesosphere/mesos-master:1.11.0
 * mesos.harness.image-set.next.mesos-agent=mesosphere/mesos-slave:1.11.0
 * mesos.harness.image-set.next.zookeeper=zookeeper:3.9
 * </pre>
 *
 * A set needs at least one of the four; the others are the configured images ({@code mesos.harness.image.*}). The
 * list of sets to run when none are named in code: {@value #SETS_PROPERTY} (comma-separated).
 */
public record ImageSet(String name, String zookeeper, String mesosMaster, String mesosAgent, String marathon) {

    /** Property prefix of named sets. */
    public static final String PREFIX = "mesos.harness.image-set.";
    /** The sets to run when code names none, e.g. {@code current,next}. */
    public static final String SETS_PROPERTY = "mesos.harness.image-sets";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final List<Setting> IMAGES = List.of(
            Setting.ZOOKEEPER_IMAGE, Setting.MESOS_MASTER_IMAGE, Setting.MESOS_AGENT_IMAGE, Setting.MARATHON_IMAGE);

    /**
     * The set called {@code name} as {@code config} defines it.
     *
     * @throws IllegalArgumentException for a bad name, or a set none of whose four properties is set (the message
     *     says what to set)
     */
    public static ImageSet named(HarnessConfiguration config, String name) {
        String n = name == null ? "" : name.trim();
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("Image set name '" + name + "' is not valid: use letters, digits, '-' "
                    + "and '_', starting with a letter or digit");
        }
        List<String> images = new ArrayList<>();
        boolean any = false;
        for (Setting image : IMAGES) {
            // mesos.harness.image.marathon -> mesos.harness.image-set.<name>.marathon
            String property =
                    PREFIX + n + image.property().substring(image.property().lastIndexOf('.'));
            String value = config.property(property).map(String::trim).orElse(null);
            any |= value != null;
            images.add(value != null ? value : config.get(image).trim());
        }
        if (!any) {
            String example = PREFIX + n + ".marathon";
            throw new IllegalArgumentException("Image set '" + n + "' is not defined: set at least one of " + PREFIX
                    + n + ".{zookeeper,mesos-master,mesos-agent,marathon}, e.g. " + example
                    + "=mesosphere/marathon:v1.11.24 in mesos-harness.properties, as system property, or as "
                    + "environment variable " + HarnessConfiguration.environmentVariableOf(example));
        }
        return new ImageSet(n, images.get(0), images.get(1), images.get(2), images.get(3));
    }

    /** The set names of {@value #SETS_PROPERTY} in {@code config}, in order; empty if it is not set. */
    public static List<String> configuredNames(HarnessConfiguration config) {
        List<String> names = new ArrayList<>();
        config.property(SETS_PROPERTY)
                .ifPresent(v -> Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .forEach(names::add));
        return names;
    }

    /** {@code config} with this set's images winning over the configured ones. */
    public HarnessConfiguration applyTo(HarnessConfiguration config) {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 0; i < IMAGES.size(); i++) {
            overrides.put(IMAGES.get(i).property(), images().get(i));
        }
        return config.withOverrides(overrides, "image set '" + name + "'");
    }

    /** The four images in the order ZooKeeper, master, agent, Marathon. */
    public List<String> images() {
        return List.of(zookeeper, mesosMaster, mesosAgent, marathon);
    }

    @Override
    public String toString() {
        return "image set '" + name + "' (zookeeper " + zookeeper + ", mesos-master " + mesosMaster + ", mesos-agent "
                + mesosAgent + ", marathon " + marathon + ")";
    }
}
