package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code GET /v2/info}: version, leadership, the framework id and the effective configuration. */
public record MarathonInfo(
        String name,
        String version,
        boolean elected,
        String leader,
        String frameworkId,
        @JsonProperty("marathon_config") Map<String, Object> marathonConfig) {}
