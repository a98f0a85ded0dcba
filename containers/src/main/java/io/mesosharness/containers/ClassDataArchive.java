package io.mesosharness.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Class-data sharing for Marathon's JVM (Java 13+): a dynamic CDS archive of the classes Marathon loads, written when
 * a Marathon first exits and used by every later start, kept in a Docker volume of its own per image and
 * {@code JAVA_OPTS}. The launcher script decides in the container (use, write, or not used and why, in one log line
 * starting with {@link #LOG_LINE}); writing needs Marathon to exit, not to be killed, so a container that writes one
 * is stopped with SIGTERM ({@link #STOP_TIMEOUT_SECONDS}). After two starts that wrote no archive, it stops trying.
 *
 * <p>The volumes carry the label {@link #CACHE_LABEL}{@code =class-data} and no cluster label: removing a cluster
 * leaves them, {@code ./mesos-harness sweep --caches} ({@code DockerJanitor.removeCaches}) removes them.
 */
public final class ClassDataArchive {

    /** Label key of the cache volumes; the value is {@link #CACHE_KIND}. */
    public static final String CACHE_LABEL = "io.mesosharness.cache";

    public static final String CACHE_KIND = "class-data";

    /** Where the volume is mounted in the Marathon container; the launcher reads it from {@link #DIR_VARIABLE}. */
    static final String MOUNT = "/mesos-harness-cds";

    static final String DIR_VARIABLE = "MESOS_HARNESS_CDS_DIR";

    /** The launcher's one line about the archive. */
    static final String LOG_LINE = "mesos-harness: class-data archive: ";

    /** How long a Marathon writing the archive gets to exit before Docker kills it. */
    static final int STOP_TIMEOUT_SECONDS = 20;

    private ClassDataArchive() {}

    /**
     * {@code mesos-harness-cds-<hash>}, the hash over the image id and the JVM options: another image or other options
     * get an archive of their own (the JVM would refuse a mismatched one).
     */
    public static String volumeName(String imageId, String javaOpts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((imageId + "\n" + javaOpts).getBytes(StandardCharsets.UTF_8));
            return "mesos-harness-cds-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates the volume unless it exists, writable for the image's user (a new volume belongs to root: for an image
     * that runs as another user, such as {@code mesosphere/marathon}'s {@code nobody}, one short root container opens
     * it up).
     */
    static void ensureVolume(DockerClient docker, String name, String image, String imageUser) {
        try {
            docker.inspectVolumeCmd(name).exec();
            return;
        } catch (NotFoundException missing) {
            // created below
        }
        docker.createVolumeCmd()
                .withName(name)
                .withLabels(Map.of(CACHE_LABEL, CACHE_KIND, "io.mesosharness.image", image))
                .exec();
        if (imageUser == null || imageUser.isBlank() || imageUser.equals("root") || imageUser.startsWith("0")) {
            return;
        }
        String id = docker.createContainerCmd(image)
                .withUser("0")
                .withEntrypoint("/bin/sh", "-c", "chmod 0777 " + MOUNT)
                .withCmd(List.of())
                .withLabels(Map.of(CACHE_LABEL, CACHE_KIND))
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(name, new Volume(MOUNT))))
                .exec()
                .getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /** What a launcher line says: {@code using …}, {@code writing …}, {@code written} or {@code not used (…)}. */
    static Optional<String> launcherSays(String line) {
        int at = line == null ? -1 : line.indexOf(LOG_LINE);
        return at < 0
                ? Optional.empty()
                : Optional.of(line.substring(at + LOG_LINE.length()).trim());
    }
}
