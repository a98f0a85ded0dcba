package io.mesosharness.mesos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A framework registered with the master ({@code /master/frameworks}), e.g. Marathon, with its tasks. */
public record Framework(
        String id,
        String name,
        boolean active,
        boolean connected,
        String role,
        List<String> roles,
        String principal,
        String hostname,
        @JsonProperty("webui_url") String webuiUrl,
        List<MesosTask> tasks) {}
