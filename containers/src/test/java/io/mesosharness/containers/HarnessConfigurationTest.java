package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void badImagesNameTheSettingTheSourceAndTheValueAsGiven() {
        assertThatThrownBy(() -> HarnessConfiguration.of(
                                Map.of("mesos.harness.image.marathon", "Not A::Valid Image"), Map.of())
                        .marathonImage())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad image name 'Not A::Valid Image' for mesos.harness.image.marathon"
                        + " (from system property mesos.harness.image.marathon): an image name has no spaces");
        assertThatThrownBy(() -> HarnessConfiguration.of(Map.of(), Map.of("MESOS_HARNESS_IMAGE_ZOOKEEPER", "local/x:"))
                        .zookeeperImage())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad image name 'local/x:' for mesos.harness.image.zookeeper"
                        + " (from environment variable MESOS_HARNESS_IMAGE_ZOOKEEPER): it ends in ':' without a tag");
        assertThatThrownBy(() -> HarnessConfiguration.of(Map.of(), Map.of()).image(Setting.PULL_IMAGES))
                .hasMessageContaining("mesos.harness.pull is not an image setting");
    }

    @Test
    void badImagesFromFilesNameTheFile(@TempDir Path dir) throws IOException {
        Path classpathDir = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(
                classpathDir.resolve("mesos-harness.properties"), "mesos.harness.image.mesos-agent=Mesos/Agent\n");
        Path home = Files.writeString(
                dir.resolve("home.properties"), "mesos.harness.image.mesos-master=reg.local:x/master\n");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {classpathDir.toUri().toURL()}, null)) {
            HarnessConfiguration config = HarnessConfiguration.load(loader, home);
            assumeUnset(Setting.MESOS_AGENT_IMAGE);
            assumeUnset(Setting.MESOS_MASTER_IMAGE);
            assertThatThrownBy(config::mesosAgentImage)
                    .hasMessageStartingWith("Bad image name 'Mesos/Agent' for mesos.harness.image.mesos-agent (from"
                            + " mesos.harness.image.mesos-agent in mesos-harness.properties on the classpath (file:")
                    .hasMessageContaining("'Mesos' is not a valid repository name component");
            assertThatThrownBy(config::mesosMasterImage)
                    .hasMessageStartingWith("Bad image name 'reg.local:x/master' for mesos.harness.image.mesos-master"
                            + " (from mesos.harness.image.mesos-master in " + home + "): registry port 'x'");
        }
    }

    @Test
    void readmeListsEverySettingWithItsEnvironmentVariableAndDefault() throws IOException {
        Path readme = Path.of("..", "README.md");
        Assumptions.assumeTrue(Files.isRegularFile(readme), "README.md is not next to the module");
        String text = Files.readString(readme);
        for (Setting s : Setting.values()) {
            String row = text.lines()
                    .filter(l -> l.startsWith("|") && l.contains("`" + s.property() + "`"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("README's settings table has no row for " + s.property()));
            assertThat(row).as(s.property()).contains("`" + s.environmentVariable() + "`");
            if (!s.defaultValue().isEmpty()) {
                assertThat(row).as(s.property()).contains("`" + s.defaultValue() + "`");
            }
        }
    }

    private static void assumeUnset(Setting setting) {
        Assumptions.assumeTrue(
                System.getProperty(setting.property()) == null && System.getenv(setting.environmentVariable()) == null,
                setting.property() + " is set in this JVM");
    }
}
