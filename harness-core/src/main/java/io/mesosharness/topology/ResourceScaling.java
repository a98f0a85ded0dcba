package io.mesosharness.topology;

import io.mesosharness.containers.MesosResources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rule behind {@link Topology#scaledToFit}. */
final class ResourceScaling {
    private static final List<String> KINDS = List.of("cpus", "mem", "disk");

    private ResourceScaling() {}

    static List<AgentGroup> scale(List<AgentGroup> groups, double maxCpus, long maxMem, long maxDisk) {
        double[] limits = {maxCpus, maxMem, maxDisk};
        String[] names = {"maxCpusPerAgent", "maxMemMbPerAgent", "maxDiskMbPerAgent"};
        for (int k = 0; k < limits.length; k++) {
            if (!(limits[k] > 0) || Double.isInfinite(limits[k])) {
                throw new TopologyException("scaledToFit", names[k] + " must be more than 0, was " + limits[k]);
            }
        }
        Map<String, String> defaults =
                MesosResources.parse(AgentGroup.DEFAULT_RESOURCES).asMap();
        double[] factors = new double[KINDS.size()];
        for (int k = 0; k < KINDS.size(); k++) {
            double largest = 0;
            for (AgentGroup g : groups) {
                largest =
                        Math.max(largest, g.resources().findScalar(KINDS.get(k)).orElse(0.0));
            }
            factors[k] = largest > limits[k] ? limits[k] / largest : 1.0;
        }
        List<AgentGroup> out = new ArrayList<>();
        for (AgentGroup g : groups) {
            Map<String, String> values = new LinkedHashMap<>(g.resources().asMap());
            for (int k = 0; k < KINDS.size(); k++) {
                if (factors[k] >= 1.0) {
                    continue;
                }
                String kind = KINDS.get(k);
                double total = g.resources().findScalar(kind).orElse(0.0);
                if (total <= 0) {
                    continue;
                }
                double floor = Math.min(Math.min(Double.parseDouble(defaults.get(kind)), total), limits[k]);
                double target = Math.min(Math.max(total * factors[k], floor), limits[k]);
                double ratio = target / total;
                for (Map.Entry<String, String> e : values.entrySet()) {
                    if (e.getKey().replaceFirst("\\(.*", "").equals(kind)) {
                        double scaled = Double.parseDouble(e.getValue()) * ratio;
                        e.setValue(format(kind, scaled));
                    }
                }
            }
            out.add(g.resources(values));
        }
        return out;
    }

    private static String format(String kind, double value) {
        BigDecimal d = BigDecimal.valueOf(value);
        d = "cpus".equals(kind) ? d.setScale(2, RoundingMode.HALF_EVEN) : d.setScale(0, RoundingMode.HALF_EVEN);
        d = d.stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
