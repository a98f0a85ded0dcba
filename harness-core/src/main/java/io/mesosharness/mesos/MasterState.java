package io.mesosharness.mesos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /master/state}: the leading master, the cluster name, counters (JSON doubles), agents and frameworks. */
public record MasterState(
        String id,
        String pid,
        String hostname,
        String version,
        String cluster,
        String leader,
        @JsonProperty("leader_info") LeaderInfo leaderInfo,
        @JsonProperty("elected_time") Double electedTime,
        @JsonProperty("activated_slaves") double activatedSlaves,
        @JsonProperty("deactivated_slaves") double deactivatedSlaves,
        @JsonProperty("unreachable_slaves") double unreachableSlaves,
        @JsonProperty("slaves") List<Agent> agents,
        List<Framework> frameworks) {

    /** The leading master ({@code leader_info}). */
    public record LeaderInfo(String id, String pid, String hostname, int port) {}
}
