package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

@Tag("unit")
class HarnessConfigurationTest {

    @Test
    void environmentVariableNamesAreDerivedFromProperties() {
        assertThat(Setting.MESOS_MASTER_IMAGE.environmentVariable()).isEqualTo("MESOS_HARNESS_IMAGE_MESOS_MASTER");
        assertThat(Setting.ZOOKEEPER_IMAGE.environmentVariable()).isEqualTo("MESOS_HARNESS_IMAGE_ZOOKEEPER");
        assertThat(Setting.EXTERNAL_MARATHON_URL.environmentVariable())
                .isEqualTo("MESOS_HARNESS_EXTERNAL_MARATHON_URL");
    }

    @Test
    void systemPropertiesWinOverEnvironmentWhichWinsOverDefaults() {
        HarnessConfiguration both = HarnessConfiguration.of(
                Map.of("mesos.harness.image.marathon", "a/marathon:1"),
                Map.of("MESOS_HARNESS_IMAGE_MARATHON", "b/marathon:2", "MESOS_HARNESS_IMAGE_ZOOKEEPER", "zk:9"));
        assertThat(both.get(Setting.MARATHON_IMAGE)).isEqualTo("a/marathon:1");
        assertThat(both.sourceOf(Setting.MARATHON_IMAGE)).isEqualTo("system property mesos.harness.image.marathon");
        assertThat(both.get(Setting.ZOOKEEPER_IMAGE)).isEqualTo("zk:9");
        assertThat(both.sourceOf(Setting.ZOOKEEPER_IMAGE))
                .isEqualTo("environment variable MESOS_HARNESS_IMAGE_ZOOKEEPER");
        assertThat(both.get(Setting.MESOS_AGENT_IMAGE)).isEqualTo("mesosphere/mesos-slave:1.7.0");
        assertThat(both.sourceOf(Setting.MESOS_AGENT_IMAGE)).isEqualTo("default");
        HarnessConfiguration blank = HarnessConfiguration.of(Map.of("mesos.harness.image.marathon", " "), Map.of());
        assertThat(blank.get(Setting.MARATHON_IMAGE)).isEqualTo("mesosphere/marathon:v1.8.244");
    }

    @Test
    void overriddenImagesAreCompatibleSubstitutes() {
        HarnessConfiguration config = HarnessConfiguration.of(
                Map.of(), Map.of("MESOS_HARNESS_IMAGE_ZOOKEEPER", "mesos-harness/zookeeper:3.9"));
        DockerImageName zk = config.zookeeperImage();
        assertThat(zk.asCanonicalNameString()).isEqualTo("mesos-harness/zookeeper:3.9");
        assertThat(zk.isCompatibleWith(ZooKeeperContainer.DEFAULT_IMAGE_NAME)).isTrue();
        assertThat(config.mesosMasterImage().isCompatibleWith(MesosMasterContainer.DEFAULT_IMAGE_NAME))
                .isTrue();
        assertThat(config.mesosAgentImage().isCompatibleWith(MesosAgentContainer.DEFAULT_IMAGE_NAME))
                .isTrue();
        assertThat(config.marathonImage().isCompatibleWith(MarathonContainer.DEFAULT_IMAGE_NAME))
                .isTrue();
        assertThat(HarnessConfiguration.of(Map.of(), Map.of()).zookeeperImage().asCanonicalNameString())
                .isEqualTo("zookeeper:3.9");
    }

    @Test
    void externalUrlsMustBeSetTogether() {
        assertThat(HarnessConfiguration.of(Map.of(), Map.of()).externalCluster())
                .isEmpty();
        HarnessConfiguration half =
                HarnessConfiguration.of(Map.of("mesos.harness.external.mesos-url", "http://m:5050"), Map.of());
        assertThatThrownBy(half::externalCluster)
                .hasMessageContaining("only mesos.harness.external.mesos-url is set")
                .hasMessageContaining("MESOS_HARNESS_EXTERNAL_MARATHON_URL");
        HarnessConfiguration full = HarnessConfiguration.of(
                Map.of(),
                Map.of(
                        "MESOS_HARNESS_EXTERNAL_MESOS_URL", "http://m:5050",
                        "MESOS_HARNESS_EXTERNAL_MARATHON_URL", "http://ma:8080"));
        assertThat(full.externalCluster())
                .contains(new HarnessConfiguration.ExternalUrls("http://m:5050", "http://ma:8080"));
    }

    @Test
    void booleansAreStrict() {
        assertThat(HarnessConfiguration.of(Map.of("mesos.harness.pull", "no"), Map.of())
                        .getBoolean(Setting.PULL_IMAGES))
                .isFalse();
        assertThatThrownBy(() -> HarnessConfiguration.of(Map.of("mesos.harness.pull", "maybe"), Map.of())
                        .getBoolean(Setting.PULL_IMAGES))
                .hasMessageContaining("Bad value 'maybe'");
    }
}
