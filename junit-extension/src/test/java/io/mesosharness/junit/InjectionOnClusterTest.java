package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every supported type, as parameters and as fields, against the real shared cluster. */
@Tag("cluster")
@SmallCluster
class InjectionOnClusterTest {

    @ClusterHandle
    static MesosClusterHandle staticCluster;

    @ClusterHandle
    MarathonClient marathonField;

    @ClusterHandle
    MesosClient mesosField;

    @ClusterHandle
    @AgentName("b1")
    AgentHandle rackB;

    @Test
    void parameters(
            MesosClusterHandle cluster,
            MarathonClient marathon,
            MesosClient mesos,
            AgentHandle a1,
            @AgentName("b1") AgentHandle b) {
        assertThat(marathon.ping()).isTrue();
        assertThat(mesos.agents()).extracting(Agent::hostname).containsExactlyInAnyOrder("a1", "b1");
        assertThat(a1.name()).isEqualTo("a1");
        assertThat(a1.attributes()).containsEntry("rack", "a");
        assertThat(a1.agentId()).isPresent();
        assertThat(b.attributes()).containsEntry("rack", "b");
        assertThat(cluster.agents()).extracting(AgentHandle::name).containsExactly("a1", "b1");
    }

    @Test
    void fields(MesosClusterHandle cluster) {
        assertThat(staticCluster).isSameAs(cluster);
        assertThat(marathonField).isSameAs(cluster.marathon());
        assertThat(mesosField).isSameAs(cluster.mesos());
        assertThat(rackB.name()).isEqualTo("b1");
        assertThat(marathonField.info()).isNotNull();
        assertThat(mesosField.state()).isNotNull();
    }
}
