package io.mesosharness.containers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;

import io.mesosharness.containers.HarnessConfiguration.Setting;

/**
 * Tells whether a Docker engine answers and the Mesos and Marathon images can be had on it, and if not, says in
 * one line which images were looked for and how to configure them. Results are cached per JVM and image name.
 *
 * <p>An image counts as available when it is on the Docker host, or (unless {@code mesos.harness.pull=false})
 * when pulling it succeeds. Testcontainers' {@link ImageNameSubstitutor} is applied before looking.
 */
public final class ImageAvailability {

    private static final Map<String, Optional<String>> CACHE = new ConcurrentHashMap<>();

    private ImageAvailability() {
    }

    /** Empty when every image the cluster layer needs is available; otherwise the one-line reason. */
    public static Optional<String> clusterImagesUnavailable(HarnessConfiguration config) {
        return unavailable(config, Setting.ZOOKEEPER_IMAGE, Setting.MESOS_MASTER_IMAGE, Setting.MESOS_AGENT_IMAGE,
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
        Map<Setting, String> missing = new LinkedHashMap<>();
        for (Setting setting : images) {
            DockerImageName name = ImageNameSubstitutor.instance().apply(config.image(setting));
            Optional<String> problem = CACHE.computeIfAbsent(name.asCanonicalNameString() + "|" + pull,
                    k -> lookFor(name, pull));
            problem.ifPresent(p -> missing.put(setting, name.asCanonicalNameString() + " (" + config.sourceOf(setting)
                    + (p.isEmpty() ? "" : "; " + p) + ")"));
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        List<String> variables = new ArrayList<>();
        missing.keySet().forEach(s -> variables.add(s.environmentVariable()));
        return Optional.of("images not available on this Docker host: " + String.join(", ", missing.values())
                + ". Set " + String.join(", ", variables)
                + " (or the system properties mesos.harness.image.*, or mesos-harness.properties) to images you have.");
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
        try {
            boolean done = client.pullImageCmd(name.getUnversionedPart())
                    .withTag(name.getVersionPart())
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(10, TimeUnit.MINUTES);
            return done ? Optional.empty() : Optional.of("pull timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling");
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
            return Optional.of("pull failed: " + (message.length() > 160 ? message.substring(0, 160) + "…" : message));
        }
    }
}
