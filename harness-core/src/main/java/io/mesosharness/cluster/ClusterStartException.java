package io.mesosharness.cluster;

/**
 * A local cluster did not become ready. The message says which component, why, and ends with that component's last
 * log lines; everything started so far has been removed when this is thrown.
 */
public class ClusterStartException extends RuntimeException {

    private final String component;
    private String clusterId;

    public ClusterStartException(String component, String message, Throwable cause) {
        super(message, cause);
        this.component = component;
    }

    ClusterStartException forCluster(String id) {
        this.clusterId = id;
        return this;
    }

    /** The id of the cluster that failed (its Docker objects are gone), or null when nothing was created. */
    public String clusterId() {
        return clusterId;
    }

    /** The component that failed: "zookeeper", "master-1", "agent a1", "marathon", or "docker"/"images". */
    public String component() {
        return component;
    }
}
