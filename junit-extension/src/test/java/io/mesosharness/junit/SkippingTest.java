package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** No Docker / no images: skipped with the reason; require-cluster: failed; external mode: needs neither. */
@Tag("unit")
class SkippingTest {

    static final String NO_DOCKER = "no Docker engine answers (is dockerd running? fake)";
    static final String NO_IMAGES = "images not available on this Docker host: mesosphere/marathon:v1.11.24 (default)."
            + " Set MESOS_HARNESS_IMAGE_MARATHON (or the system properties mesos.harness.image.*, or "
            + "mesos-harness.properties) to images you have.";
    static volatile MesosClusterHandle seen;

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
        seen = null;
    }

    @Test
    void withoutDockerTheClassIsSkippedWithTheReason() {
        FakeClusterFactory.dockerReason = NO_DOCKER;

        var results = Kit.runFake(Fixture.class);

        assertThat(Kit.skipReasons(results))
                .singleElement()
                .asString()
                .startsWith("mesos-harness: " + NO_DOCKER)
                .contains("set mesos.harness.require-cluster=true to fail instead");
        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(FakeClusterFactory.STARTED).isEmpty();
    }

    @Test
    void withoutImagesTheClassIsSkippedWithTheImagesLine() {
        FakeClusterFactory.imagesReason = NO_IMAGES;

        var results = Kit.runFake(Fixture.class);

        assertThat(Kit.skipReasons(results)).singleElement().asString().contains(NO_IMAGES);
        assertThat(FakeClusterFactory.STARTED).isEmpty();
    }

    @Test
    void requireClusterFailsInsteadOfSkipping() {
        FakeClusterFactory.imagesReason = NO_IMAGES;

        var results = Kit.runFake(Map.of("mesos.harness.require-cluster", "true"), Fixture.class);

        assertThat(Kit.skipReasons(results)).isEmpty();
        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains(
                        "IllegalStateException: @MesosCluster on " + Fixture.class.getName()
                                + ": mesos.harness.require-cluster is true",
                        "fails instead of being skipped",
                        NO_IMAGES);
        assertThat(FakeClusterFactory.STARTED).isEmpty();
    }

    @Test
    void requireClusterWithEverythingAvailableJustRuns() {
        var results = Kit.runFake(Map.of("mesos.harness.require-cluster", "true"), Fixture.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(FakeClusterFactory.STARTED).hasSize(1);
    }

    @Test
    void badRequireClusterValueIsAClearError() {
        var results = Kit.runFake(Map.of("mesos.harness.require-cluster", "maybe"), Fixture.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains("Bad value 'maybe'", "mesos.harness.require-cluster");
    }

    @Test
    void externalModeStartsNothingAndNeedsNoDocker() {
        FakeClusterFactory.dockerReason = NO_DOCKER;

        var results = Kit.runFake(
                Map.of(
                        "mesos.harness.external.mesos-url",
                        "http://mesos.staging:5050",
                        "mesos.harness.external.marathon-url",
                        "http://marathon.staging:8080"),
                Fixture.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(FakeClusterFactory.STARTED).isEmpty();
        assertThat(FakeClusterFactory.AVAILABILITY_CHECKS.get())
                .as("Docker and images are not looked for")
                .isZero();
        assertThat(FakeClusterFactory.CONNECTED)
                .containsExactly(new HarnessConfiguration.ExternalUrls(
                        "http://mesos.staging:5050", "http://marathon.staging:8080"));
        assertThat(seen.isExternal()).isTrue();
        assertThat(seen.marathonUrl()).hasToString("http://marathon.staging:8080");
        assertThat(FakeCluster.of(seen).closed())
                .as("connection closed at the end of the run")
                .isTrue();
    }

    @Test
    void onlyOneExternalUrlIsAClearError() {
        var results =
                Kit.runFake(Map.of("mesos.harness.external.mesos-url", "http://mesos.staging:5050"), Fixture.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains("External mode needs both URLs", "mesos.harness.external.marathon-url");
        assertThat(FakeClusterFactory.CONNECTED).isEmpty();
    }

    @Test
    void availabilityIsCheckedOncePerClass() {
        Kit.runFake(Fixture.class, Fixture2.class).testEvents().assertStatistics(s -> s.succeeded(3));

        assertThat(FakeClusterFactory.AVAILABILITY_CHECKS.get())
                .as("docker and images, once for each of 2 classes")
                .isEqualTo(2);
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "s1"))
    static class Fixture {
        @org.junit.jupiter.api.Test
        void test(MesosClusterHandle cluster) {
            seen = cluster;
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "s1"))
    static class Fixture2 {
        @org.junit.jupiter.api.Test
        void one(MesosClusterHandle cluster) {
            seen = cluster;
        }

        @org.junit.jupiter.api.Test
        void two(MesosClusterHandle cluster) {
            seen = cluster;
        }
    }
}
