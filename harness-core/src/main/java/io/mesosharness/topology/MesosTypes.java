package io.mesosharness.topology;

import io.mesosharness.containers.MesosAttributes;
import io.mesosharness.containers.MesosResources;
import java.util.Map;

/** The few calls this package makes on the containers module's Mesos value types. */
final class MesosTypes {
    private MesosTypes() {}

    static MesosAttributes parseAttributes(String text) {
        return MesosAttributes.parse(text);
    }

    static MesosAttributes attributesOf(Map<String, String> values) {
        return MesosAttributes.of(values);
    }

    static MesosResources parseResources(String text) {
        return MesosResources.parse(text);
    }

    static MesosResources resourcesOf(Map<String, String> values) {
        return MesosResources.of(values);
    }

    static Map<String, String> asStrings(MesosAttributes attributes) {
        return attributes.asMap();
    }

    static Map<String, String> asStrings(MesosResources resources) {
        return resources.asMap();
    }

    static String render(MesosAttributes attributes) {
        return attributes.render();
    }

    static String render(MesosResources resources) {
        return resources.render();
    }

    /** The sum of a scalar resource over all roles, 0 when absent. */
    static double scalarTotal(MesosResources resources, String name, String path) {
        try {
            return resources.findScalar(name).orElse(0.0);
        } catch (IllegalArgumentException e) {
            throw new TopologyException(null, 0, path, e.getMessage(), e);
        }
    }

    /** {@code cpus} for {@code cpus(role)}. */
    static String baseName(String key) {
        int paren = key.indexOf('(');
        return paren < 0 ? key : key.substring(0, paren);
    }
}
