package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * A start that fails half-way, with real containers: ZooKeeper starts, the "master" image has no mesos-master. The
 * harness must say which component failed and why, show its logs, and remove every container it made, also those
 * still starting when the failure came.
 */
@Tag("docker")
class LocalClusterFailedStartTest {

    @Test
    void failedStartNamesTheComponentAndLeavesNothingBehind() throws Exception {
        String zkImage = HarnessConfiguration.load().zookeeperImage().asCanonicalNameString();
        // Every image "exists" (so the availability check passes), but only ZooKeeper can really start.
        HarnessConfiguration config = HarnessConfiguration.of(
                Map.of(
                        "mesos.harness.image.zookeeper", zkImage,
                        "mesos.harness.image.mesos-master", zkImage,
                        "mesos.harness.image.mesos-agent", zkImage,
                        "mesos.harness.image.marathon", zkImage,
                        // a "Marathon" that runs but never becomes ready: it is still starting when the master fails
                        "mesos.harness.marathon.entrypoint", "perl -e sleep(600)"),
                Map.of());
        List<String> progress = new CopyOnWriteArrayList<>();
        List<Event> events = new CopyOnWriteArrayList<>();
        Instant since = Instant.now().minusSeconds(1);
        ResultCallback.Adapter<Event> watch = DockerClientFactory.lazyClient()
                .eventsCmd()
                .withSince(String.valueOf(since.getEpochSecond()))
                .withLabelFilter(ClusterLabels.CLUSTER)
                .withEventFilter("destroy")
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        events.add(event);
                    }
                });

        ClusterStartException failure = catchThrowableOfType(
                ClusterStartException.class,
                () -> LocalCluster.start(
                        Topology.builder().name("broken").agent("a1", "rack:a").build(), config, progress::add));

        assertThat(progress).anyMatch(line -> line.startsWith("mesos-harness broken: zookeeper ready ("));
        assertThat(failure.component()).isEqualTo("master");
        assertThat(failure.getMessage())
                .contains("master of cluster broken did not become ready")
                .contains("--- last 60 log lines of master ---");
        assertThat(failure.clusterId()).startsWith("broken-");
        assertThat(new DockerJanitor().count(failure.clusterId()))
                .as("containers, networks and volumes left by the failed start")
                .isZero();

        // Everything starts at once (the agent too, which fails as well) and is removed at once: a container whose
        // start
        // was still in flight is removed with the cluster's labels, so no order is promised, only that all four go.
        try {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(clusterEvents(events, failure.clusterId()))
                            .containsExactlyInAnyOrder("master", "marathon", "agent", "zookeeper"));
        } finally {
            watch.close();
        }
    }

    private static List<String> clusterEvents(List<Event> events, String clusterId) {
        List<String> components = new ArrayList<>();
        for (Event e : events) {
            Map<String, String> attributes =
                    e.getActor() == null ? Map.of() : e.getActor().getAttributes();
            if (clusterId.equals(attributes.get(ClusterLabels.CLUSTER))) {
                components.add(attributes.get(ClusterLabels.COMPONENT));
            }
        }
        return components;
    }
}
