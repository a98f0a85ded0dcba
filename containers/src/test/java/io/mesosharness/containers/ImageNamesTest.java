package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ImageNamesTest {

    @Test
    void validReferencesPass() {
        for (String ok : new String[] {
            "zookeeper",
            "zookeeper:3.9",
            "mesosphere/mesos-master:1.7.0",
            "mesos-harness/zookeeper:3.9",
            "localhost/x",
            "localhost:5000/team/marathon:v1.11.24",
            "registry.example.com/a__b/c.d-e:latest",
            "zk@sha256:" + "a".repeat(64),
            "zk:3.9@sha256:" + "0".repeat(64),
            " zookeeper:3.9 "
        }) {
            assertThat(HarnessConfiguration.imageProblem(ok)).as(ok).isEmpty();
        }
        assertThat(zookeeper(" zk:1 ").zookeeperImage().asCanonicalNameString()).isEqualTo("zk:1");
    }

    @Test
    void badReferencesSayWhatIsWrong() {
        assertThat(HarnessConfiguration.imageProblem("Not A::Valid Image")).contains("an image name has no spaces");
        assertThat(HarnessConfiguration.imageProblem("local/x:"))
                .hasValueSatisfying(
                        p -> assertThat(p).contains("ends in ':' without a tag").contains("'local/x:latest'"));
        assertThat(HarnessConfiguration.imageProblem("Mesosphere/marathon"))
                .hasValueSatisfying(p -> assertThat(p).contains("'Mesosphere'").contains("lowercase"));
        assertThat(HarnessConfiguration.imageProblem("a::b"))
                .hasValueSatisfying(p -> assertThat(p).contains("'a:' is not a valid repository name component"));
        assertThat(HarnessConfiguration.imageProblem("zk:3.9@md5"))
                .hasValueSatisfying(p -> assertThat(p).contains("'md5' after '@' is not a digest"));
        assertThat(HarnessConfiguration.imageProblem("zk:bad!tag"))
                .hasValueSatisfying(p -> assertThat(p).contains("tag 'bad!tag'"));
        assertThat(HarnessConfiguration.imageProblem("reg.local:port/zk"))
                .hasValueSatisfying(p -> assertThat(p).contains("registry port 'port'"));
        assertThat(HarnessConfiguration.imageProblem("team//zk"))
                .hasValueSatisfying(p -> assertThat(p).contains("empty path component"));
        assertThat(HarnessConfiguration.imageProblem(":3.9")).contains("the repository name is missing");
        assertThat(HarnessConfiguration.imageProblem(" ")).contains("the image name is empty");
        assertThat(HarnessConfiguration.imageProblem(null)).contains("the image name is empty");
    }

    @Test
    void requireNamesTheSettingAndTheValueAsGiven() {
        assertThatThrownBy(() -> zookeeper("Not A::Valid Image").zookeeperImage())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad image name 'Not A::Valid Image' for mesos.harness.image.zookeeper (from ");
    }

    private static HarnessConfiguration zookeeper(String image) {
        return HarnessConfiguration.of(Map.of("mesos.harness.image.zookeeper", image), Map.of());
    }
}
