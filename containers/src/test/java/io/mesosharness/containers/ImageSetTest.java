package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Named image sets read from the settings' sources, and applied over the configured images. */
@Tag("unit")
class ImageSetTest {

    @Test
    void aSetTakesItsImagesAndTheConfiguredOnesForWhatItLeavesOut() {
        HarnessConfiguration config = HarnessConfiguration.of(
                Map.of("mesos.harness.image-set.next.marathon", "mesosphere/marathon:v1.11.24"),
                Map.of("MESOS_HARNESS_IMAGE_SET_NEXT_MESOS_AGENT", "mesosphere/mesos-slave:1.11.0"));

        ImageSet next = ImageSet.named(config, "next");

        assertThat(next.images())
                .containsExactly(
                        "zookeeper:3.9",
                        "mesosphere/mesos-master:1.7.0",
                        "mesosphere/mesos-slave:1.11.0",
                        "mesosphere/marathon:v1.11.24");
        HarnessConfiguration applied = next.applyTo(config);
        assertThat(applied.marathonImage().asCanonicalNameString()).isEqualTo("mesosphere/marathon:v1.11.24");
        assertThat(applied.sourceOf(HarnessConfiguration.Setting.MARATHON_IMAGE))
                .isEqualTo("image set 'next' mesos.harness.image.marathon");
    }

    @Test
    void anUndefinedSetSaysWhatToSet() {
        HarnessConfiguration config = HarnessConfiguration.of(Map.of(), Map.of());

        assertThatThrownBy(() -> ImageSet.named(config, "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Image set 'nope' is not defined: set at least one of "
                        + "mesos.harness.image-set.nope.{zookeeper,mesos-master,mesos-agent,marathon}, e.g. "
                        + "mesos.harness.image-set.nope.marathon=mesosphere/marathon:v1.11.24 in "
                        + "mesos-harness.properties, as system property, or as environment variable "
                        + "MESOS_HARNESS_IMAGE_SET_NOPE_MARATHON");
        assertThatThrownBy(() -> ImageSet.named(config, "a.b"))
                .hasMessageStartingWith("Image set name 'a.b' is not valid");
    }

    @Test
    void theListOfSetsToRunComesFromImageSets() {
        HarnessConfiguration config =
                HarnessConfiguration.of(Map.of("mesos.harness.image-sets", " current, next ,"), Map.of());

        assertThat(ImageSet.configuredNames(config)).containsExactly("current", "next");
        assertThat(ImageSet.configuredNames(HarnessConfiguration.of(Map.of(), Map.of())))
                .isEmpty();
    }
}
