package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A pod as Marathon reports it ({@code GET /v2/pods/{id}::status}): its definition ({@code spec}), its status
 * ({@code STABLE}, {@code DEGRADED}, {@code TERMINAL}) and its instances with their containers.
 */
public record PodStatus(
        String id, JsonNode spec, String status, String statusSince, String message, List<Instance> instances) {

    /** One instance: the containers Mesos runs together on one agent. */
    public record Instance(String id, String status, String agentHostname, String agentId, List<Container> containers) {

        /** True if every container of the instance is {@code TASK_RUNNING}. */
        @JsonIgnore
        public boolean isRunning() {
            return !containers.isEmpty() && containers.stream().allMatch(c -> "TASK_RUNNING".equals(c.status()));
        }
    }

    /** One container of an instance; {@code containerId} is its Mesos task id. */
    public record Container(String name, String status, String containerId) {}

    /** {@code spec.scaling.instances} (1 if not given). */
    public int instanceCount() {
        return spec == null ? 0 : spec.path("scaling").path("instances").asInt(1);
    }

    /** The placement constraints of the spec as [field, operator, value?] lists. */
    public List<List<String>> constraints() {
        return spec == null ? List.of() : MarathonPod.constraintLists(spec);
    }

    /** The instances whose containers all run. */
    public List<Instance> runningInstances() {
        return instances.stream().filter(Instance::isRunning).toList();
    }

    /** One line, e.g. {@code /db: STABLE, instances 2 of 2 running (p-1 STABLE, p-2 STABLE)}. */
    public String summary() {
        return id + ": " + status + ", instances " + runningInstances().size() + " of " + instanceCount() + " running "
                + instances.stream()
                        .map(i -> i.agentHostname() + " " + i.status() + " "
                                + i.containers().stream()
                                        .map(c -> c.name() + "=" + c.status())
                                        .toList())
                        .toList()
                + (message == null ? "" : ", message: " + message);
    }
}
