package io.mesosharness.cluster;

import io.mesosharness.containers.ComponentContainer;
import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.MarathonContainer;
import io.mesosharness.containers.MesosAgentContainer;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.containers.MesosResources;
import io.mesosharness.containers.ZooKeeperContainer;
import io.mesosharness.topology.AgentSpec;
import io.mesosharness.topology.MasterSettings;
import io.mesosharness.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The wiring of a local cluster: which container each part of the {@link Topology} becomes, with its image, flags,
 * hostname, network address and labels. Nothing is started here. This is the one place that maps topology settings
 * to container settings (agent flags, containerizers, Marathon flags, ...).
 */
final class ClusterWiring {

    /** An agent's container, the spec it was made from and its host number on the cluster network. */
    record WiredAgent(AgentSpec spec, MesosAgentContainer container, int host) {}

    /** The default range every agent gets ({@link io.mesosharness.topology.AgentGroup#DEFAULT_RESOURCES}). */
    static final String DEFAULT_PORTS =
            MesosResources.parse(MesosResources.AGENT_DEFAULT).asMap().get("ports");
    /** Docker agents' host port ranges: slices of {@value #SLICE} ports from 20000, below Linux' ephemeral ports. */
    static final int FIRST_PORT = 20000;

    static final int SLICE = 100;
    static final int SLICES = 120; // 20000 .. 31999

    private static final String ZK = "zk://zookeeper:2181/";

    final ZooKeeperContainer zookeeper;
    final List<MesosMasterContainer> masters = new ArrayList<>();
    final List<WiredAgent> agents = new ArrayList<>();
    final MarathonContainer marathon;
    private final String clusterId;

    ClusterWiring(String clusterId, Topology topology, ClusterNetwork network, HarnessConfiguration config) {
        this.clusterId = clusterId;
        this.zookeeper = labelled(
                network.attach(
                                new ZooKeeperContainer(topology.zookeeper()
                                        .image()
                                        .map(image ->
                                                DockerImageName.parse(image).asCompatibleSubstituteFor("zookeeper"))
                                        .orElse(config.zookeeperImage())),
                                ClusterNetwork.ZOOKEEPER)
                        .withNetworkAliases("zookeeper")
                        .withClusterName(topology.name()),
                "zookeeper");
        MasterSettings ms = topology.masterSettings();
        for (int i = 1; i <= topology.masters(); i++) {
            MesosMasterContainer master = network.attach(
                            new MesosMasterContainer(config.mesosMasterImage()), ClusterNetwork.FIRST_MASTER + i - 1)
                    .withExecutable(config.get(Setting.MESOS_MASTER_COMMAND))
                    .withHostname(topology.masters() == 1 ? "master" : "master-" + i)
                    .withZooKeeper(ZK + "mesos")
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
            masters.add(labelled(master, "master"));
        }
        int host = ClusterNetwork.FIRST_AGENT;
        for (AgentSpec spec : withOwnPortRanges(topology.expandedAgents())) { // docs/DOCKER-APPS.md
            MesosAgentContainer agent = network.attach(new MesosAgentContainer(config.mesosAgentImage()), host)
                    .withExecutable(config.get(Setting.MESOS_AGENT_COMMAND))
                    .withHostname(spec.hostname())
                    .withMaster(ZK + "mesos")
                    .withAttributes(spec.attributes())
                    .withResources(spec.resources())
                    .withClusterName(topology.name())
                    // Registration is checked for all agents at once against the leading master (one request per
                    // poll instead of one per agent): the container itself only has to be running.
                    .waitingFor(new AbstractWaitStrategy() {
                        @Override
                        protected void waitUntilReady() {}
                    });
            if (spec.usesDocker()) {
                agent.withContainerizers(spec.containerizers()); // Docker containerizer (docs/DOCKER-APPS.md)
            }
            // extra flags of the topology and the agent's group (agentFlags, agents[].flags), already checked
            spec.flags().asMap().forEach(agent::withFlag);
            agents.add(new WiredAgent(spec, labelled(agent, "agent"), host++));
        }
        var settings = topology.marathon();
        MarathonContainer mc = network.attach(new MarathonContainer(config.marathonImage()), ClusterNetwork.MARATHON)
                .withHostname("marathon")
                .withMaster(ZK + "mesos")
                .withZooKeeper(ZK + "marathon")
                .withRole(settings.role())
                .withPrincipal(settings.principal())
                .withMinReviveOffersInterval(settings.minReviveOffersInterval())
                .withClusterName(topology.name());
        if (!settings.features().isEmpty()) {
            mc.withFeatures(settings.features().toArray(String[]::new));
        }
        settings.flags().forEach(mc::withFlag);
        mc.withEnv("JAVA_OPTS", config.get(Setting.MARATHON_JAVA_OPTS).trim())
                .withClassDataArchive(config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE));
        String entrypoint = config.get(Setting.MARATHON_ENTRYPOINT).trim();
        if (!entrypoint.isEmpty()) {
            mc.withEntrypoint(entrypoint);
        }
        this.marathon = labelled(mc, "marathon");
    }

    /** Every container by component name ("zookeeper", "master-2", "agent a1", "marathon"), in start order. */
    Map<String, ComponentContainer<?>> components() {
        Map<String, ComponentContainer<?>> all = new LinkedHashMap<>();
        all.put("zookeeper", zookeeper);
        masters.forEach(m -> all.put(m.getHostname(), m));
        agents.forEach(a -> all.put("agent " + a.spec().hostname(), a.container()));
        all.put("marathon", marathon);
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

    /**
     * Empty when no agent uses the Docker containerizer or {@code agentImage} has a docker CLI; otherwise the
     * problem, naming the agents that asked for it and the image (docs/DOCKER-APPS.md).
     */
    static Optional<String> dockerCliProblem(Topology topology, String agentImage) {
        Set<String> groups = new LinkedHashSet<>();
        topology.expandedAgents().stream()
                .filter(AgentSpec::usesDocker)
                .forEach(s -> groups.add("agents[" + s.group() + "].containerizers = " + s.containerizers()));
        return groups.isEmpty()
                ? Optional.empty()
                : DockerContainerizer.dockerCliProblem(agentImage)
                        .map(problem -> String.join(", ", groups) + " needs the Docker containerizer, but " + problem);
    }

    /**
     * The agents, where those with the Docker containerizer and the default port range get distinct ranges of
     * {@value #SLICE} ports each (their task containers publish host ports on the one Docker host), starting at a
     * random slice so that two clusters on one Docker host rarely meet. A port range given in the topology is kept.
     */
    static List<AgentSpec> withOwnPortRanges(List<AgentSpec> agents) {
        return withOwnPortRanges(agents, ThreadLocalRandom.current().nextInt(SLICES));
    }

    static List<AgentSpec> withOwnPortRanges(List<AgentSpec> agents, int firstSlice) {
        List<AgentSpec> out = new ArrayList<>(agents.size());
        int next = firstSlice;
        for (AgentSpec spec : agents) {
            if (spec.usesDocker()
                    && DEFAULT_PORTS.equals(spec.resources().asMap().get("ports"))) {
                int begin = FIRST_PORT + (next++ % SLICES) * SLICE;
                spec = spec.withResources(
                        spec.resources().with("ports", "[" + begin + "-" + (begin + SLICE - 1) + "]"));
            }
            out.add(spec);
        }
        return List.copyOf(out);
    }
}
