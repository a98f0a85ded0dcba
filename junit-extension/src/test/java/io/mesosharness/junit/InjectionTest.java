package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Parameters and @ClusterHandle fields of every supported type, agents by @AgentName and by name, errors. */
@Tag("unit")
class InjectionTest {

    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
        SEEN.clear();
    }

    @Test
    void parametersOfEverySupportedType() {
        Kit.runFake(Injected.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(3).failed(0));

        FakeCluster cluster = FakeClusterFactory.STARTED.get(0);
        assertThat(FakeCluster.of(handle("param.cluster"))).isSameAs(cluster);
        assertThat(SEEN.get("param.marathon")).isSameAs(handle("param.cluster").marathon());
        assertThat(handle("param.cluster").marathon().namespace().group()).isEqualTo("/injection-test-injected");
        assertThat(handle("beforeAll.cluster")).as("one view per class").isSameAs(handle("param.cluster"));
        assertThat(SEEN.get("param.mesos")).isSameAs(cluster.mesos());
        assertThat(SEEN.get("param.b1")).isSameAs(cluster.agent("b1"));
        assertThat(SEEN.get("param.web-1")).isSameAs(cluster.agent("web-1"));
        assertThat(FakeCluster.of(handle("beforeAll.cluster"))).isSameAs(cluster);
    }

    @Test
    void fieldsStaticAndInstance() {
        Kit.runFake(Injected.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(3).failed(0));

        FakeCluster cluster = FakeClusterFactory.STARTED.get(0);
        assertThat(FakeCluster.of(handle("static.cluster"))).isSameAs(cluster);
        assertThat(FakeCluster.of(handle("field.cluster"))).isSameAs(cluster);
        assertThat(SEEN.get("field.marathon")).isSameAs(handle("field.cluster").marathon());
        assertThat(SEEN.get("field.mesos")).isSameAs(cluster.mesos());
        assertThat(SEEN.get("field.a1")).isSameAs(cluster.agent("a1"));
        assertThat(SEEN.get("field.web-2")).isSameAs(cluster.agent("web-2"));
    }

    @Test
    void nestedClassGetsTheEnclosingClassCluster() {
        Kit.runFake(Injected.class).testEvents().assertStatistics(s -> s.succeeded(3));

        assertThat(FakeClusterFactory.STARTED).hasSize(1);
        assertThat(FakeCluster.of(handle("nested.cluster"))).isSameAs(FakeClusterFactory.STARTED.get(0));
        assertThat(FakeCluster.of(handle("nested.outer-field"))).isSameAs(FakeClusterFactory.STARTED.get(0));
    }

    @Test
    void perClassLifecycleConstructorAndFields() {
        Kit.runFake(PerClass.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1).failed(0));

        FakeCluster cluster = FakeClusterFactory.STARTED.get(0);
        assertThat(SEEN.get("constructor.marathon"))
                .isSameAs(handle("perclass.field").marathon());
        assertThat(FakeCluster.of(handle("perclass.field"))).isSameAs(cluster);
    }

    @Test
    void unknownAgentNameListsTheAgents() {
        var results = Kit.runFake(UnknownAgent.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains("ParameterResolutionException", "No agent named 'c9'", "[a1, b1, web-1, web-2]");
    }

    @Test
    void unsupportedFieldTypeIsAConfigurationError() {
        var results = Kit.runFake(BadField.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains(
                        "ExtensionConfigurationException",
                        "@ClusterHandle on field " + BadField.class.getName() + ".url of type java.lang.String",
                        "supported types are MesosClusterHandle, MarathonClient, " + "MesosClient, AgentHandle");
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = {@Agent(name = "a1"), @Agent(name = "b1"), @Agent(name = "web", count = 2)})
    static class Injected {
        @ClusterHandle
        static MesosClusterHandle staticCluster;

        @ClusterHandle
        MesosClusterHandle cluster;

        @ClusterHandle
        MarathonClient marathon;

        @ClusterHandle
        MesosClient mesos;

        @ClusterHandle
        AgentHandle a1;

        @ClusterHandle
        @AgentName("web-2")
        AgentHandle second;

        @BeforeAll
        static void beforeAll(MesosClusterHandle cluster) {
            SEEN.put("beforeAll.cluster", cluster);
            SEEN.put("static.cluster", staticCluster);
        }

        @Test
        void parameters(
                MesosClusterHandle cluster,
                MarathonClient marathon,
                MesosClient mesos,
                AgentHandle b1,
                @AgentName("web-1") AgentHandle web) {
            SEEN.put("param.cluster", cluster);
            SEEN.put("param.marathon", marathon);
            SEEN.put("param.mesos", mesos);
            SEEN.put("param.b1", b1);
            SEEN.put("param.web-1", web);
        }

        @Test
        void fields() {
            SEEN.put("field.cluster", cluster);
            SEEN.put("field.marathon", marathon);
            SEEN.put("field.mesos", mesos);
            SEEN.put("field.a1", a1);
            SEEN.put("field.web-2", second);
        }

        @Nested
        class Inner {
            @Test
            void nested(MesosClusterHandle inner) {
                SEEN.put("nested.cluster", inner);
                SEEN.put("nested.outer-field", cluster);
            }
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "p1"))
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClass {
        @ClusterHandle
        MesosClusterHandle cluster;

        PerClass(MarathonClient marathon) {
            SEEN.put("constructor.marathon", marathon);
        }

        @Test
        void test() {
            SEEN.put("perclass.field", cluster);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = {@Agent(name = "a1"), @Agent(name = "b1"), @Agent(name = "web", count = 2)})
    static class UnknownAgent {
        @Test
        void test(AgentHandle c9) {
            SEEN.put("never", c9);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "a1"))
    static class BadField {
        @ClusterHandle
        String url;

        @Test
        void test() {
            SEEN.put("never", "ran");
        }
    }

    private static MesosClusterHandle handle(String key) {
        return (MesosClusterHandle) SEEN.get(key);
    }
}
