package io.mesosharness.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.mesosharness.containers.MesosValue;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link Topology} in the YAML topology format. */
final class TopologyYamlWriter {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private TopologyYamlWriter() {}

    static String write(Topology t) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", t.name());
        root.put("masters", t.masters());
        if (t.quorum() != t.masters() / 2 + 1) {
            root.put("quorum", t.quorum());
        }
        List<Object> agents = new ArrayList<>();
        for (AgentGroup g : t.agents()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", g.name());
            a.put("count", g.count());
            if (!g.attributes().isEmpty()) {
                a.put("attributes", values(g.attributes().values()));
            }
            a.put("resources", values(g.resources().values()));
            if (!g.flags().isEmpty()) {
                a.put("flags", g.flags().asMap());
            }
            if (!g.containerizers().equals(AgentGroup.DEFAULT_CONTAINERIZERS)) {
                a.put("containerizers", g.containerizers());
            }
            agents.add(a);
        }
        root.put("agents", agents);
        if (!t.agentFlags().isEmpty()) {
            root.put("agentFlags", t.agentFlags().asMap());
        }
        MarathonSettings m = t.marathon();
        Map<String, Object> marathon = new LinkedHashMap<>();
        marathon.put("role", m.role());
        marathon.put("principal", m.principal());
        if (!m.features().isEmpty()) {
            marathon.put("features", m.features());
        }
        marathon.put("minReviveOffersInterval", Durations.format(m.minReviveOffersInterval()));
        if (!m.flags().isEmpty()) {
            marathon.put("flags", m.flags());
        }
        root.put("marathon", marathon);
        t.zookeeper().image().ifPresent(image -> root.put("zookeeper", Map.of("image", image)));
        MasterSettings s = t.masterSettings();
        Map<String, Object> master = new LinkedHashMap<>();
        master.put("agentPingTimeout", Durations.format(s.agentPingTimeout()));
        master.put("maxAgentPingTimeouts", s.maxAgentPingTimeouts());
        master.put("registry", s.registry().flagValue());
        if (!s.flags().isEmpty()) {
            master.put("flags", s.flags().asMap());
        }
        root.put("masterSettings", master);
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> values(Map<String, MesosValue> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof MesosValue.Scalar ? new BigDecimal(v.render()) : v.render()));
        return out;
    }
}
