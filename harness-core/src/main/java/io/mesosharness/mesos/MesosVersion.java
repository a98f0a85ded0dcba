package io.mesosharness.mesos;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /version} of a master or agent. */
public record MesosVersion(
        String version,
        @JsonProperty("build_date") String buildDate,
        @JsonProperty("build_time") Double buildTime,
        @JsonProperty("build_user") String buildUser,
        @JsonProperty("git_sha") String gitSha) {}
