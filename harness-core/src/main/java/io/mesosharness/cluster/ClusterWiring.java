package io.mesosharness.cluster;

import io.mesosharness.containers.ComponentContainer;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.MarathonContainer;
import io.mesosharness.containers.MesosAgentContainer;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.containers.ZooKeeperContainer;
import io.mesosharness.topology.AgentSpec;
import io.mesosharness.topology.MasterSettings;
import io.mesosharness.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The wiring of a local cluster: which container each part of the {@link Topology} becomes, with its image, flags,
 * hostname, network address and labels. Nothing is started here. This is the one place that maps topology settings
 * to container settings (agent flags, Marathon flags, ...).
 */
final class ClusterWiring {

    /** An agent's container, the spec it was made from and its host number on the cluster network. */
    record WiredAgent(AgentSpec spec, MesosAgentContainer container, int host) {}

    private static final String ZK_ALIAS = "zookeeper";

    final ZooKeeperContainer zookeeper;
    final List<MesosMasterContainer> masters;
    final List<WiredAgent> agents;
    final MarathonContainer marathon;
    private final String clusterId;

    ClusterWiring(String clusterId, Topology topology, ClusterNetwork network, HarnessConfiguration config) {
        this.clusterId = clusterId;
        this.zookeeper = labelled(
                new ZooKeeperContainer(topology.zookeeper()
                                .image()
                                .map(image -> DockerImageName.parse(image).asCompatibleSubstituteFor("zookeeper"))
                                .orElse(config.zookeeperImage()))
                        .withNetworkAliases(ZK_ALIAS)
                        .withClusterName(topology.name()),
                "zookeeper");
        network.attach(zookeeper, ClusterNetwork.ZOOKEEPER);
        String mesosZk = "zk://" + ZK_ALIAS + ":2181/mesos";
        MasterSettings ms = topology.masterSettings();
        List<MesosMasterContainer> m = new ArrayList<>();
        for (int i = 1; i <= topology.masters(); i++) {
            MesosMasterContainer master = network.attach(
                            new MesosMasterContainer(config.mesosMasterImage()), ClusterNetwork.FIRST_MASTER + i - 1)
                    .withExecutable(config.get(Setting.MESOS_MASTER_COMMAND))
                    .withHostname(topology.masters() == 1 ? "master" : "master-" + i)
                    .withZooKeeper(mesosZk)
                    .withQuorum(topology.quorum())
                    .withClusterName(topology.name())
                    .withRegistry(
                            ms.registry() == MasterSettings.Registry.IN_MEMORY
                                    ? MesosMasterContainer.Registry.IN_MEMORY
                                    : MesosMasterContainer.Registry.REPLICATED_LOG)
                    .withAgentPingTimeout(ms.agentPingTimeout())
                    .withMaxAgentPingTimeouts(ms.maxAgentPingTimeouts());
            // extra flags of the topology (masterSettings.flags), already checked against the harness' own
            ms.flags().asMap().forEach(master::withFlag);
            m.add(labelled(master, "master"));
        }
        this.masters = List.copyOf(m);
        List<WiredAgent> a = new ArrayList<>();
        int agentIndex = 0;
        for (AgentSpec spec : DockerAgents.withOwnPortRanges(topology.expandedAgents())) { // docs/DOCKER-APPS.md
            int host = ClusterNetwork.FIRST_AGENT + agentIndex++;
            MesosAgentContainer agent = network.attach(new MesosAgentContainer(config.mesosAgentImage()), host)
                    .withExecutable(config.get(Setting.MESOS_AGENT_COMMAND))
                    .withHostname(spec.hostname())
                    .withMaster(mesosZk)
                    .withAttributes(spec.attributes())
                    .withResources(spec.resources())
                    .withClusterName(topology.name())
                    // Registration is checked for all agents at once against the leading master (one request per
                    // poll instead of one per agent): the container itself only has to be running.
                    .waitingFor(new RunningWaitStrategy());
            if (spec.usesDocker()) {
                agent.withContainerizers(spec.containerizers()); // Docker containerizer (docs/DOCKER-APPS.md)
            }
            // extra flags of the topology and the agent's group (agentFlags, agents[].flags), already checked
            spec.flags().asMap().forEach(agent::withFlag);
            a.add(new WiredAgent(spec, labelled(agent, "agent"), host));
        }
        this.agents = List.copyOf(a);
        var marathonSettings = topology.marathon();
        MarathonContainer mc = network.attach(new MarathonContainer(config.marathonImage()), ClusterNetwork.MARATHON)
                .withHostname("marathon")
                .withMaster(mesosZk)
                .withZooKeeper("zk://" + ZK_ALIAS + ":2181/marathon")
                .withRole(marathonSettings.role())
                .withPrincipal(marathonSettings.principal())
                .withMinReviveOffersInterval(marathonSettings.minReviveOffersInterval())
                .withClusterName(topology.name());
        if (!marathonSettings.features().isEmpty()) {
            mc.withFeatures(marathonSettings.features().toArray(String[]::new));
        }
        marathonSettings.flags().forEach(mc::withFlag);
        mc.withEnv("JAVA_OPTS", config.get(Setting.MARATHON_JAVA_OPTS).trim())
                .withClassDataArchive(config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE));
        String entrypoint = config.get(Setting.MARATHON_ENTRYPOINT).trim();
        if (!entrypoint.isEmpty()) {
            mc.withEntrypoint(entrypoint);
        }
        this.marathon = labelled(mc, "marathon");
    }

    /** Every container in start order: ZooKeeper, masters, agents, Marathon. */
    List<GenericContainer<?>> all() {
        List<GenericContainer<?>> all = new ArrayList<>();
        all.add(zookeeper);
        all.addAll(masters);
        agents.forEach(a -> all.add(a.container()));
        all.add(marathon);
        return all;
    }

    /**
     * The cluster's labels; Testcontainers' cleanup is left out, since the harness removes its clusters itself (close,
     * shutdown hook, sweep) and a retained cluster must outlive the JVM.
     */
    private <C extends ComponentContainer<?>> C labelled(C container, String component) {
        container.withLabels(ClusterLabels.forComponent(clusterId, component)).withTestcontainersCleanupDisabled();
        return container;
    }

    /** Ready as soon as the container runs; the cluster checks registration itself. */
    static final class RunningWaitStrategy extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {}
    }
}
