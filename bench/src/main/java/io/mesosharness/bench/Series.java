package io.mesosharness.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Repeated measurements of one figure: the benchmark reports their median and spread, never a single run. */
final class Series {

    private final List<Long> values = new ArrayList<>();

    void add(long value) {
        values.add(value);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** {@code {"medianMs": …, "minMs": …, "maxMs": …, "runsMs": […]}}. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("medianMs", median());
        out.put("minMs", Collections.min(values));
        out.put("maxMs", Collections.max(values));
        out.put("runsMs", List.copyOf(values));
        return out;
    }
}
