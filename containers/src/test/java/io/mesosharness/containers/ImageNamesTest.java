package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThat(ImageNames.problem(ok)).as(ok).isEmpty();
        }
        assertThat(ImageNames.require(" zk:1 ", "x")).isEqualTo("zk:1");
    }

    @Test
    void badReferencesSayWhatIsWrong() {
        assertThat(ImageNames.problem("Not A::Valid Image")).contains("an image name has no spaces");
        assertThat(ImageNames.problem("local/x:"))
                .hasValueSatisfying(
                        p -> assertThat(p).contains("ends in ':' without a tag").contains("'local/x:latest'"));
        assertThat(ImageNames.problem("Mesosphere/marathon"))
                .hasValueSatisfying(p -> assertThat(p).contains("'Mesosphere'").contains("lowercase"));
        assertThat(ImageNames.problem("a::b"))
                .hasValueSatisfying(p -> assertThat(p).contains("'a:' is not a valid repository name component"));
        assertThat(ImageNames.problem("zk:3.9@md5"))
                .hasValueSatisfying(p -> assertThat(p).contains("'md5' after '@' is not a digest"));
        assertThat(ImageNames.problem("zk:bad!tag"))
                .hasValueSatisfying(p -> assertThat(p).contains("tag 'bad!tag'"));
        assertThat(ImageNames.problem("reg.local:port/zk"))
                .hasValueSatisfying(p -> assertThat(p).contains("registry port 'port'"));
        assertThat(ImageNames.problem("team//zk"))
                .hasValueSatisfying(p -> assertThat(p).contains("empty path component"));
        assertThat(ImageNames.problem(":3.9")).contains("the repository name is missing");
        assertThat(ImageNames.problem(" ")).contains("the image name is empty");
        assertThat(ImageNames.problem(null)).contains("the image name is empty");
    }

    @Test
    void requireNamesTheSettingAndTheValueAsGiven() {
        assertThatThrownBy(() -> ImageNames.require("Not A::Valid Image", "zookeeper.image"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Bad image name 'Not A::Valid Image' for zookeeper.image: ");
    }
}
