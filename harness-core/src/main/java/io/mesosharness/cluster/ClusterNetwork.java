package io.mesosharness.cluster;

import org.testcontainers.containers.Network;

/** The one Docker network of a cluster, labelled so that it is removed with the cluster. */
final class ClusterNetwork {

    private ClusterNetwork() {
    }

    static Network create(String clusterId) {
        Network network = Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withName(clusterId)
                        .withLabels(ClusterLabels.forComponent(clusterId, "network")))
                .build();
        network.getId(); // create it now, so that failures surface at start and the label is on the host
        return network;
    }
}
