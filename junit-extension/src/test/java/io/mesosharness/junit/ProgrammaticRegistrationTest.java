package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code @RegisterExtension static MesosClusterExtension cluster = MesosClusterExtension.of(topology)}. */
@Tag("unit")
class ProgrammaticRegistrationTest {

    static final Topology CODE = Topology.builder()
            .name("in-code")
            .agent(AgentGroup.named("c1").attributes("rack:a"))
            .agent(AgentGroup.named("c2").attributes("rack:b"))
            .build();
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();
    static final Map<String, String> ORDERED =
            Map.of("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation");

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
        SEEN.clear();
    }

    @Test
    void aTopologyBuiltInCodeIsStartedSharedInjectedAndResetLikeTheAnnotation() {
        int before = MesosClusterExtension.startsOf(CODE);

        var results = Kit.runFake(ORDERED, InCode.class, AlsoInCode.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(5).failed(0));
        assertThat(FakeClusterFactory.startedFor(CODE))
                .as("two classes, one start")
                .hasSize(1);
        assertThat(MesosClusterExtension.startsOf(CODE) - before).isEqualTo(1);
        FakeCluster cluster = FakeClusterFactory.STARTED.get(0);
        assertThat(cluster.groupResets)
                .as("reset in each class's namespace: after each of InCode's 3 tests; AlsoInCode, which got the "
                        + "cluster already started, once before its tests and after each of its 2")
                .containsOnly("/programmatic-registration-test-in-code", "/programmatic-registration-test-also-in-code")
                .filteredOn("/programmatic-registration-test-in-code"::equals)
                .hasSize(3);
        assertThat(cluster.groupResets)
                .filteredOn("/programmatic-registration-test-also-in-code"::equals)
                .hasSize(3);
        assertThat(cluster.closed()).as("stopped at the end of the run").isTrue();
        assertThat(SEEN).contains("field c2", "nested c1");
    }

    @Test
    void aClassOwnClusterWithoutResets() {
        var results = Kit.runFake(OwnNoReset.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        FakeCluster cluster = FakeClusterFactory.STARTED.get(0);
        assertThat(cluster.resets.get()).isZero();
        assertThat(cluster.closes.get()).as("closed after its class").isEqualTo(1);
        assertThat(SEEN).containsOnly(cluster);
    }

    @Test
    void annotationAndRegisteredExtensionOnOneClassIsAClearError() {
        var results = Kit.runFake(Both.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains("@MesosCluster on " + Both.class.getName())
                .contains("MesosClusterExtension.of(topology) registered on " + Both.class.getName())
                .contains("use one of them, not both");
        assertThat(FakeClusterFactory.STARTED)
                .as("the annotation's cluster may start; no second one")
                .hasSizeLessThan(2);
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(OnlyInTestKit.class)
    @Order(1)
    static class InCode {
        @RegisterExtension
        static MesosClusterExtension cluster = MesosClusterExtension.of(CODE);

        @ClusterHandle
        @AgentName("c2")
        AgentHandle second;

        @Test
        void parameters(MesosClusterHandle handle, MarathonClient marathon, AgentHandle c1) {
            assertThat(handle).isInstanceOf(NamespacedCluster.class);
            assertThat(handle.name()).isEqualTo("in-code");
            assertThat(marathon).isSameAs(handle.marathon());
            assertThat(c1.attributes()).isEmpty(); // the fake's agents have no attributes
            assertThat(c1.name()).isEqualTo("c1");
        }

        @Test
        void fields() {
            SEEN.add("field " + second.name());
        }

        @Nested
        class Inner {
            @Test
            void nestedClassGetsTheSameCluster(MesosClusterHandle handle, AgentHandle c1) {
                SEEN.add("nested " + c1.name());
                assertThat(((NamespacedCluster) handle).namespace().group())
                        .isEqualTo("/programmatic-registration-test-in-code");
            }
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @Order(2)
    static class AlsoInCode {
        @RegisterExtension
        static MesosClusterExtension cluster = MesosClusterExtension.of(CODE);

        @Test
        void one(MesosClusterHandle handle) {
            assertThat(handle.agents()).extracting(AgentHandle::name).containsExactly("c1", "c2");
        }

        @Test
        void two(MesosClusterHandle handle) {
            assertThat(handle.agents()).hasSize(2);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    static class OwnNoReset {
        @RegisterExtension
        static MesosClusterExtension cluster =
                MesosClusterExtension.of(CODE).shared(false).resetBetweenTests(false);

        @Test
        void one(MesosClusterHandle handle) {
            SEEN.add(handle);
        }

        @Test
        void two(MesosClusterHandle handle) {
            SEEN.add(handle);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "x1"))
    static class Both {
        @RegisterExtension
        static MesosClusterExtension cluster = MesosClusterExtension.of(CODE);

        @Test
        void never() {}
    }
}
