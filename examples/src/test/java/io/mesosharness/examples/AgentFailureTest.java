package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import io.mesosharness.marathon.MarathonApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An agent dies: Marathon reschedules its task on another host. Own cluster, since it breaks an agent; skipped in
 * external mode. */
@Tag("cluster")
@MesosCluster(
        name = "agent-failure",
        shared = false,
        agents = {
            @Agent(name = "a1", attributes = "rack:a"),
            @Agent(name = "a2", attributes = "rack:a"),
            @Agent(name = "b1", attributes = "rack:b")
        })
class AgentFailureTest {

    @Test
    void tasksMoveWhenAnAgentDies(MesosClusterHandle cluster) {
        Assumptions.assumeFalse(cluster.isExternal(), "needs a local cluster: it stops an agent");
        // given: 2 instances, one per host, replaced as soon as their agent is unreachable (0/0)
        Waits.deployAndAwait(cluster, MarathonApp.fromJson("""
                {"id": "/web", "cmd": "while true; do sleep 5; done", "instances": 2, "cpus": 0.1, "mem": 32,
                 "constraints": [["hostname", "UNIQUE"]],
                 "unreachableStrategy": {"inactiveAfterSeconds": 0, "expungeAfterSeconds": 0}}"""));
        AgentHandle victim = cluster.agentRunning("/web");

        // when
        victim.stop();

        // then
        assertThat(cluster)
                .app("/web")
                .hasNoTasksOn(victim)
                .hasRunningInstances(2)
                .satisfiesItsConstraints();
    }
}
