package io.mesosharness.bench;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.testcontainers.DockerClientFactory;

/** Memory of containers as Docker's stats report it, in MiB: one container, or a cluster's averaged per component. */
final class ContainerMemory {

    private final DockerClient docker = DockerClientFactory.lazyClient();

    /**
     * Component ("agent", "marathon", …) → the average of its containers; read 8 at a time (Docker takes about a
     * second per container to answer, which at 100 agents would otherwise be minutes).
     */
    Map<String, Object> byComponent(String clusterId) {
        List<Container> containers = docker.listContainersCmd()
                .withLabelFilter(Map.of(ClusterLabels.CLUSTER, clusterId))
                .exec();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Map<String, List<Double>> byComponent = new LinkedHashMap<>();
        try {
            List<CompletableFuture<Double>> readings = containers.stream()
                    .map(c -> CompletableFuture.supplyAsync(() -> mib(c.getId()), pool))
                    .toList();
            for (int i = 0; i < containers.size(); i++) {
                byComponent
                        .computeIfAbsent(
                                containers.get(i).getLabels().get(ClusterLabels.COMPONENT), k -> new ArrayList<>())
                        .add(readings.get(i).join());
            }
        } finally {
            pool.shutdownNow();
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
