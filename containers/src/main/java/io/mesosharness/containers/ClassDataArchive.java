package io.mesosharness.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Class-data sharing for Marathon's JVM (Java 13+): a dynamic CDS archive, written when a Marathon first exits (it is
 * stopped with SIGTERM, not killed) and used by every later start, in a Docker volume per image and {@code JAVA_OPTS}.
 * The launcher script decides in the container and says so in one line starting with {@link #LOG_LINE}; after two
 * starts that wrote none it stops trying. The volumes carry {@link #CACHE_LABEL} and no cluster label: they outlive
 * clusters until {@code ./mesos-harness sweep --caches}.
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
     * Creates the volume unless it exists; a new volume belongs to root, so for an image that runs as another user
     * ({@code mesosphere/marathon}: {@code nobody}) one short root container makes it writable.
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
        if (imageUser != null && !imageUser.isBlank() && !imageUser.equals("root") && !imageUser.startsWith("0")) {
            DockerContainerizer.runOnce(
                    image,
                    Map.of(CACHE_LABEL, CACHE_KIND),
                    "0",
                    name + ":" + MOUNT,
                    "/bin/sh",
                    "-c",
                    "chmod 0777 " + MOUNT);
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
