package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import io.mesosharness.topology.TopologyFiles;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

/** @MesosCluster to Topology: explicit values, meta-annotations, topology files, defaults, bad values. */
@Tag("unit")
class AnnotationParsingTest {

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
    }

    @Test
    void explicitAgentsMastersAndMarathonSettings() {
        Topology expected = Topology.builder()
                .name("web")
                .masters(3)
                .agent(AgentGroup.named("a1").attributes("rack:a;zone:eu-1"))
                .agent(AgentGroup.named("compute").count(3).resources("cpus:2;mem:2048"))
                .marathon(m -> m.role("test").principal("tester").features("vips", "task_killing"))
                .build();

        assertThat(topologyOf(Explicit.class)).isEqualTo(expected);
    }

    @Test
    void metaAnnotationIsFoundAndNamedInMessages() {
        ClusterRequest request = ClusterRequest.find(Production.class).orElseThrow();

        assertThat(request.topology()).isEqualTo(TopologyFiles.loadResource("topologies/prod-like.yml"));
        assertThat(request.topology().masters()).isEqualTo(3);
        assertThat(request.where())
                .isEqualTo("@MesosCluster (via @ProductionTopology) on " + Production.class.getName());
    }

    @Test
    void inheritedFromSuperclassThroughMetaAnnotation() {
        assertThat(topologyOf(InheritsProduction.class)).isEqualTo(topologyOf(Production.class));
    }

    @Test
    void nestedClassUsesTheEnclosingClassAnnotation() {
        ClusterRequest request = ClusterRequest.find(Explicit.Inner.class).orElseThrow();

        assertThat(request.owner()).isEqualTo(Explicit.class);
        assertThat(request.topology().name()).isEqualTo("web");
    }

    @Test
    void ansibleInventoryResource() {
        Topology topology = topologyOf(FromInventory.class);

        assertThat(topology).isEqualTo(TopologyFiles.loadResource("topologies/inventory/hosts"));
        assertThat(topology.masters()).isEqualTo(3);
        assertThat(topology.expandedAgents()).extracting(a -> a.hostname()).containsExactly("c1", "s1");
    }

    @Test
    void anInventoryOnlyTheTestClassLoaderSeesIsReadWithItsGroupVars(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("isolated/group_vars"));
        Files.writeString(dir.resolve("isolated/hosts"), "[mesos_masters]\nm1\n\n[mesos_agents]\na1\n");
        Files.writeString(dir.resolve("isolated/group_vars/mesos_agents.yml"), "mesos_attributes: \"rack:gv\"\n");
        // the test class defined by a loader that alone has dir on its classpath, as an IDE or a build tool may do
        String name = FromIsolatedInventory.class.getName();
        byte[] bytes;
        try (var in = getClass().getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        try (var loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader()) {
                    @Override
                    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                        return className.equals(name)
                                ? defineClass(className, bytes, 0, bytes.length)
                                : super.loadClass(className, resolve);
                    }
                }) {
            Class<?> owner = loader.loadClass(name);
            assertThat(Thread.currentThread().getContextClassLoader().getResource("isolated/hosts"))
                    .isNull();

            assertThat(topologyOf(owner).expandedAgents())
                    .singleElement()
                    .satisfies(agent -> assertThat(agent.attributes().asMap()).containsEntry("rack", "gv"));
        }
    }

    @Test
    void topologyFileByPathWhenNotOnTheClasspath() {
        assertThat(topologyOf(FromPath.class))
                .isEqualTo(TopologyFiles.load(Path.of("src/test/resources/topologies/prod-like.yml")));
    }

    @Test
    void nameOverridesTheFileName() {
        assertThat(topologyOf(RenamedFile.class).name()).isEqualTo("renamed");
        assertThat(topologyOf(RenamedFile.class).masters()).isEqualTo(3);
    }

    @Test
    void neitherAgentsNorFileGivesTheDefaultTopology() {
        assertThat(topologyOf(Defaults.class)).isEqualTo(Topology.defaultTopology());
    }

    @Test
    void mastersAndNameApplyToTheDefaultAgents() {
        Topology topology = topologyOf(DefaultAgentsThreeMasters.class);

        assertThat(topology.masters()).isEqualTo(3);
        assertThat(topology.name()).isEqualTo("three");
        assertThat(topology.agents()).isEqualTo(Topology.defaultTopology().agents());
    }

    @Test
    void classWithoutAnnotationAsksForNothing() {
        assertThat(ClusterRequest.find(AnnotationParsingTest.class)).isEmpty();
    }

    @Test
    void agentsAndTopologyTogetherAreRefused() {
        assertBad(BothGiven.class, "give either agents or topology, not both", "topologies/prod-like.yml");
    }

    @Test
    void badAttributeSyntaxNamesTheAgentAndValue() {
        assertBad(BadAttributes.class, "agents[1] (@Agent(name = \"b1\")) attributes = \"rack=a\"", "rack=a");
    }

    @Test
    void emptyAttributeEntriesAreRefused() {
        assertBad(
                EmptyAttributeEntry.class,
                "agents[0] (@Agent(name = \"a1\")) attributes = \"rack:a;;\"",
                "entry 2 of 3 is empty");
    }

    @Test
    void agentFlagsAreReadAndCheckedAgainstWhatTheHarnessSets() {
        assertThat(topologyOf(WithFlags.class).agents().get(0).flags().asMap())
                .containsExactly(Map.entry("gc_delay", "1days"), Map.entry("docker_stop_timeout", "5secs"));
        assertBad(
                OwnedFlag.class,
                "agents[0] (@Agent(name = \"a1\")) flags = [hostname=web]",
                "--hostname is set by the harness from the agent's name: use name:");
        assertBad(
                FlagWithoutValue.class,
                "agents[0] (@Agent(name = \"a1\")) flags = [gc_delay]",
                "expected \"name=value\", got \"gc_delay\"");
    }

    @Test
    void countBelowOneIsRefused() {
        assertBad(CountZero.class, "agents[0] (@Agent(name = \"a1\")) count = 0", "must be at least 1, was 0");
    }

    @Test
    void badAgentNameIsRefused() {
        assertBad(BadAgentName.class, "agents[0] (@Agent(name = \"Web_1\"))", "'Web_1' is not a valid host name");
    }

    @Test
    void evenMastersAreRefused() {
        assertBad(EvenMasters.class, "masters = 2", "must be 1 or an odd number of at least 3, was 2");
    }

    @Test
    void unknownMarathonFeatureIsRefused() {
        assertBad(BadFeature.class, "marathonFeatures = [vipz]", "vipz");
    }

    @Test
    void unknownTopologyFileIsRefused() {
        assertBad(
                UnknownFile.class,
                "topology = \"no-such-topology.yml\": no such classpath resource, and no file",
                "no-such-topology.yml");
    }

    @Test
    void errorsInsideTheTopologyFileAreWrappedWithFileLineAndField() {
        assertBad(
                BrokenFile.class,
                "topology = \"topologies/bad-attributes.yml\": bad-attributes.yml line 4, " + "agents[0].attributes",
                "rack=a");
    }

    @Test
    void fileWithMastersIsRefused() {
        assertBad(FileAndMasters.class, "cannot be combined with masters = 3", "set them in the topology file");
    }

    @Test
    void badValueFailsTheClassWithTheMessageAndStartsNothing() {
        var results = Kit.runFake(EvenMasters.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains("ExtensionConfigurationException: @MesosCluster on " + EvenMasters.class.getName()
                        + ": masters = 2: must be 1 or an odd number");
        assertThat(FakeClusterFactory.STARTED).isEmpty();
        assertThat(results.testEvents().started().count()).isZero();
    }

    private static Topology topologyOf(Class<?> type) {
        return ClusterRequest.find(type).orElseThrow().topology();
    }

    private static void assertBad(Class<?> type, String... parts) {
        assertThatThrownBy(() -> topologyOf(type))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@MesosCluster on " + type.getName() + ": ")
                .hasMessageContainingAll(parts);
    }

    // ------------------------------------------------------------------ fixtures

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Inherited
    @MesosCluster(topology = "topologies/prod-like.yml")
    @interface ProductionTopology {}

    @MesosCluster(
            name = "web",
            masters = 3,
            agents = {
                @Agent(name = "a1", attributes = "rack:a;zone:eu-1"),
                @Agent(name = "compute", count = 3, resources = "cpus:2;mem:2048")
            },
            marathonRole = "test",
            marathonPrincipal = "tester",
            marathonFeatures = {"vips", "task_killing"})
    @ExtendWith(OnlyInTestKit.class)
    static class Explicit {
        @Nested
        class Inner {}
    }

    @ProductionTopology
    @ExtendWith(OnlyInTestKit.class)
    static class Production {}

    static class InheritsProduction extends Production {}

    @MesosCluster(topology = "topologies/inventory/hosts")
    static class FromInventory {}

    @MesosCluster(topology = "isolated/hosts")
    static class FromIsolatedInventory {}

    @MesosCluster(topology = "src/test/resources/topologies/prod-like.yml")
    static class FromPath {}

    @MesosCluster(topology = "topologies/prod-like.yml", name = "renamed")
    static class RenamedFile {}

    @MesosCluster
    static class Defaults {}

    @MesosCluster(masters = 3, name = "three")
    static class DefaultAgentsThreeMasters {}

    @MesosCluster(topology = "topologies/prod-like.yml", agents = @Agent(name = "a1"))
    static class BothGiven {}

    @MesosCluster(agents = {@Agent(name = "a1", attributes = "rack:a"), @Agent(name = "b1", attributes = "rack=a")})
    static class BadAttributes {}

    @MesosCluster(agents = @Agent(name = "a1", attributes = "rack:a;;"))
    static class EmptyAttributeEntry {}

    @MesosCluster(
            agents =
                    @Agent(
                            name = "a1",
                            flags = {"gc_delay=1days", "--docker_stop_timeout=5secs"}))
    static class WithFlags {}

    @MesosCluster(agents = @Agent(name = "a1", flags = "hostname=web"))
    static class OwnedFlag {}

    @MesosCluster(agents = @Agent(name = "a1", flags = "gc_delay"))
    static class FlagWithoutValue {}

    @MesosCluster(agents = @Agent(name = "a1", count = 0))
    static class CountZero {}

    @MesosCluster(agents = @Agent(name = "Web_1"))
    static class BadAgentName {}

    @MesosCluster(masters = 2)
    @ExtendWith(OnlyInTestKit.class)
    static class EvenMasters {
        @org.junit.jupiter.api.Test
        void never() {}
    }

    @MesosCluster(marathonFeatures = "vipz")
    static class BadFeature {}

    @MesosCluster(topology = "no-such-topology.yml")
    static class UnknownFile {}

    @MesosCluster(topology = "topologies/bad-attributes.yml")
    static class BrokenFile {}

    @MesosCluster(topology = "topologies/prod-like.yml", masters = 3)
    static class FileAndMasters {}
}
