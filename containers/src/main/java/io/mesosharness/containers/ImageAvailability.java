package io.mesosharness.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * Whether a Docker engine answers and the cluster images are on it or can be pulled (unless
 * {@code mesos.harness.pull=false}), after Testcontainers' {@link ImageNameSubstitutor}; if not, one line saying which
 * images were looked for and how to configure them. Cached per JVM and image name.
 */
public final class ImageAvailability {

    private static final Map<String, CompletableFuture<Optional<String>>> CACHE = new ConcurrentHashMap<>();

    private ImageAvailability() {}

    /** Empty when every image the cluster layer needs is available; otherwise the one-line reason. */
    public static Optional<String> clusterImagesUnavailable(HarnessConfiguration config) {
        return unavailable(
                config,
                Setting.ZOOKEEPER_IMAGE,
                Setting.MESOS_MASTER_IMAGE,
                Setting.MESOS_AGENT_IMAGE,
                Setting.MARATHON_IMAGE);
    }

    /** Empty when a Docker engine answers; otherwise the reason. */
    public static Optional<String> dockerUnavailable() {
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
        } catch (RuntimeException e) {
            return Optional.of("no Docker engine answers (" + e.getMessage() + ")");
        }
        return Optional.of("no Docker engine answers (is dockerd running? scripts/prepare-docker.sh starts one)");
    }

    /** Empty when every listed image is available; otherwise one line naming the missing ones and how to set them. */
    public static Optional<String> unavailable(HarnessConfiguration config, Setting... images) {
        Optional<String> docker = dockerUnavailable();
        if (docker.isPresent()) {
            return docker;
        }
        boolean pull = config.getBoolean(Setting.PULL_IMAGES);
        // problem -> the images that have it, so that one registry outage is said once
        Map<String, List<String>> missing = new LinkedHashMap<>();
        List<String> variables = new ArrayList<>();
        for (Setting setting : images) {
            DockerImageName name = ImageNameSubstitutor.instance().apply(config.image(setting));
            Optional<String> problem = cached(name.asCanonicalNameString() + "|" + pull, () -> lookFor(name, pull));
            if (problem.isPresent()) {
                missing.computeIfAbsent(problem.get(), p -> new ArrayList<>())
                        .add(name.asCanonicalNameString()
                                + ("default".equals(config.sourceOf(setting))
                                        ? ""
                                        : " (from " + config.sourceOf(setting) + ")"));
                variables.add(setting.environmentVariable());
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String parts = missing.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " (" + e.getKey() + ")")
                .collect(Collectors.joining("; "));
        return Optional.of(
                "images not available on this Docker host: " + parts
                        + ". Set " + String.join(", ", variables)
                        + " (or the system properties mesos.harness.image.*, or ~/mesos-harness.properties) to images you have.");
    }

    /** The answer for {@code key}, looked up once per JVM; a slow lookup (a pull) makes only the same key wait. */
    static Optional<String> cached(String key, Supplier<Optional<String>> lookup) {
        CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<String>> answer = CACHE.putIfAbsent(key, mine);
        if (answer == null) {
            answer = mine;
            try {
                mine.complete(lookup.get());
            } catch (RuntimeException | Error e) {
                CACHE.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        return answer.join();
    }

    private static Optional<String> lookFor(DockerImageName name, boolean pull) {
        DockerClient client = DockerClientFactory.lazyClient();
        String image = name.asCanonicalNameString();
        try {
            client.inspectImageCmd(image).exec();
            return Optional.empty();
        } catch (RuntimeException notLocal) {
            if (!pull) {
                return Optional.of("not on the host; pulling is off");
            }
        }
        Throwable[] error = new Throwable[1];
        try {
            boolean done = client.pullImageCmd(name.getUnversionedPart())
                    .withTag(name.getVersionPart())
                    .exec(new PullImageResultCallback() {
                        @Override
                        public void onError(Throwable throwable) { // kept, not logged with a stack trace
                            error[0] = throwable;
                            onComplete();
                        }
                    })
                    .awaitCompletion(10, TimeUnit.MINUTES);
            return error[0] != null
                    ? Optional.of("not on the host, and pulling failed: " + shortMessage(error[0]))
                    : done ? Optional.empty() : Optional.of("not on the host, and pulling timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling");
        } catch (RuntimeException e) {
            return Optional.of("not on the host, and pulling failed: " + shortMessage(e));
        }
    }

    /** "Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io ...: no such host" → the end. */
    private static String shortMessage(Throwable e) {
        String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").replace("\\\"", "\"");
        int json = message.indexOf("\"message\":\"");
        if (json >= 0) {
            message = message.substring(json + 11).replaceAll("\"\\s*}\\s*$", "");
        }
        String[] parts = message.split(": ");
        if (parts.length > 2) {
            message = parts[parts.length - 2] + ": " + parts[parts.length - 1];
        }
        return message.length() > 160 ? message.substring(0, 160) + "…" : message;
    }

    private static final AtomicBoolean SKIP_SAID = new AtomicBoolean();

    /**
     * The gate of the {@code cluster} test layer ({@code @EnabledIf("...ImageAvailability#clusterLayerEnabled")}):
     * false with the reason printed once when images are missing; throws with {@code mesos.harness.require-cluster}.
     */
    public static boolean clusterLayerEnabled() {
        HarnessConfiguration config = HarnessConfiguration.load();
        Optional<String> reason = clusterImagesUnavailable(config);
        if (reason.isEmpty()) {
            return true;
        }
        if (config.getBoolean(Setting.REQUIRE_CLUSTER)) {
            throw new IllegalStateException(
                    "The cluster layer must run (mesos.harness.require-cluster=true), but " + reason.get());
        }
        if (SKIP_SAID.compareAndSet(false, true)) {
            System.out.println("[cluster layer skipped] " + reason.get());
        }
        return false;
    }
}
