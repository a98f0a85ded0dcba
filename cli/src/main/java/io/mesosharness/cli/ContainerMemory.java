package io.mesosharness.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import io.mesosharness.cluster.ClusterLabels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.testcontainers.DockerClientFactory;

/** Memory of containers as Docker's stats report it, in MiB: one container, or a cluster's averaged per component. */
final class ContainerMemory {

    private final DockerClient docker = DockerClientFactory.lazyClient();

    /** Component ("agent", "marathon", …) → the average of its containers. */
    Map<String, Object> byComponent(String clusterId) {
        Map<String, List<Double>> byComponent = new LinkedHashMap<>();
        for (Container c : docker.listContainersCmd()
                .withLabelFilter(Map.of(ClusterLabels.CLUSTER, clusterId))
                .exec()) {
            byComponent
                    .computeIfAbsent(c.getLabels().get(ClusterLabels.COMPONENT), k -> new ArrayList<>())
                    .add(mib(c.getId()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        byComponent.forEach((component, values) -> out.put(
                component,
                round(values.stream().mapToDouble(Double::doubleValue).average().orElse(0))));
        return out;
    }

    /** -1 when Docker gives no figure. */
    double mib(String containerId) {
        AtomicReference<Statistics> last = new AtomicReference<>();
        try (var callback = docker.statsCmd(containerId)
                .withNoStream(true)
                .exec(new ResultCallback.Adapter<Statistics>() {
                    @Override
                    public void onNext(Statistics s) {
                        last.set(s);
                    }
                })) {
            callback.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        Statistics s = last.get();
        if (s == null || s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null) {
            return -1;
        }
        return round(s.getMemoryStats().getUsage() / (1024.0 * 1024.0));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
