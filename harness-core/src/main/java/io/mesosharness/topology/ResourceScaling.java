package io.mesosharness.topology;

import io.mesosharness.containers.MesosResources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rule behind {@link Topology#scaledToFit}. */
final class ResourceScaling {
    private ResourceScaling() {}

    static List<AgentGroup> scale(List<AgentGroup> groups, double maxCpus, long maxMem, long maxDisk) {
        String[] kinds = {"cpus", "mem", "disk"};
        double[] limits = {maxCpus, maxMem, maxDisk};
        String[] names = {"maxCpusPerAgent", "maxMemMbPerAgent", "maxDiskMbPerAgent"};
        for (int k = 0; k < limits.length; k++) {
            if (!(limits[k] > 0) || Double.isInfinite(limits[k])) {
                throw new TopologyException("scaledToFit", names[k] + " must be more than 0, was " + limits[k]);
            }
        }
        Map<String, String> defaults =
                MesosResources.parse(AgentGroup.DEFAULT_RESOURCES).asMap();
        List<AgentGroup> out = groups;
        for (int k = 0; k < kinds.length; k++) {
            out = scale(out, kinds[k], limits[k], Double.parseDouble(defaults.get(kinds[k])));
        }
        return out;
    }

    /** One factor for all groups brings the largest one down to the limit, none below the floor. */
    private static List<AgentGroup> scale(List<AgentGroup> groups, String kind, double limit, double floor) {
        double largest = groups.stream()
                .mapToDouble(g -> g.resources().findScalar(kind).orElse(0.0))
                .max()
                .orElse(0);
        if (largest <= limit) {
            return groups;
        }
        return groups.stream()
                .map(g -> {
                    double total = g.resources().findScalar(kind).orElse(0.0);
                    if (total <= 0) {
                        return g;
                    }
                    double lowest = Math.min(Math.min(floor, total), limit);
                    double ratio = Math.min(Math.max(total * limit / largest, lowest), limit) / total;
                    Map<String, String> values =
                            new LinkedHashMap<>(g.resources().asMap());
                    values.replaceAll(
                            (name, value) -> name.replaceFirst("\\(.*", "").equals(kind)
                                    ? format(kind, Double.parseDouble(value) * ratio)
                                    : value);
                    return g.resources(values);
                })
                .toList();
    }

    private static String format(String kind, double value) {
        BigDecimal d = BigDecimal.valueOf(value)
                .setScale("cpus".equals(kind) ? 2 : 0, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
