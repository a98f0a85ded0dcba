package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * A Docker engine that is not on the tests' machine, as with {@code DOCKER_HOST=tcp://...} or a Docker-in-Docker CI
 * service: the test JVM runs in a network namespace of its own ({@code ip netns}, a veth pair 10.213.N.1/30 ↔
 * 10.213.N.2/30), and reaches this machine's engine over TCP through socat on the host side of the pair. The engine's
 * loopback is then not the tests' loopback: the cluster is reached only because it is addressed through
 * Testcontainers' host and published on all interfaces; the binding used before (loopback only) fails there.
 *
 * <p>Needs root, {@code ip} (iproute2) and {@code socat} (scripts/prepare-docker.sh installs them), and a local engine
 * on a Unix socket; CI has all three. Removes the namespace, the veth pair, socat and the containers even on failure.
 */
@Tag("docker")
class RemoteDockerEngineTest {

    private final String id = UUID.randomUUID().toString().substring(0, 4);
    private final String label = "remote-engine-test-" + id;
    private final String namespace = "mh-remote-" + id;
    private final String hostVeth = "mhr" + id + "h";
    private final String nsVeth = "mhr" + id + "n";
    private String hostIp;
    private String nsIp;
    private String dockerHost;
    private Process socat;
    private boolean namespaceCreated;
    private boolean vethCreated;

    @BeforeEach
    void namespaceWithTheEngineOverTcp() throws Exception {
        Assumptions.assumeTrue(
                "0".equals(run(Duration.ofSeconds(5), "id", "-u").out().strip()),
                "needs root to create a network namespace (CI runs as root)");
        Assumptions.assumeTrue(
                System.getenv("DOCKER_HOST") == null
                        || System.getenv("DOCKER_HOST").startsWith("unix://"),
                "the engine is reached through DOCKER_HOST=" + System.getenv("DOCKER_HOST")
                        + " already; this test exposes a local Unix-socket engine over TCP");
        for (String tool : List.of("ip", "socat")) {
            assertThat(onPath(tool))
                    .as("%s on the PATH (scripts/prepare-docker.sh installs iproute2 and socat)", tool)
                    .isTrue();
        }
        Path socket = Path.of(Optional.ofNullable(System.getenv("DOCKER_HOST"))
                .map(h -> h.substring("unix://".length()))
                .orElse("/var/run/docker.sock"));
        assertThat(socket).as("the local engine's socket").exists();

        int subnet = freeSubnet();
        hostIp = "10.213." + subnet + ".1";
        nsIp = "10.213." + subnet + ".2";
        ok("ip", "netns", "add", namespace);
        namespaceCreated = true;
        ok("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", nsVeth);
        vethCreated = true;
        ok("ip", "link", "set", nsVeth, "netns", namespace);
        ok("ip", "addr", "add", hostIp + "/30", "dev", hostVeth);
        ok("ip", "link", "set", hostVeth, "up");
        ok("ip", "netns", "exec", namespace, "ip", "addr", "add", nsIp + "/30", "dev", nsVeth);
        ok("ip", "netns", "exec", namespace, "ip", "link", "set", nsVeth, "up");
        ok("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");

        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(hostIp))) {
            port = probe.getLocalPort();
        }
        socat = new ProcessBuilder(
                        "socat", "TCP-LISTEN:" + port + ",bind=" + hostIp + ",fork,reuseaddr", "UNIX-CONNECT:" + socket)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await("socat listening on " + hostIp + ":" + port)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> connects(hostIp, port));
        dockerHost = "tcp://" + hostIp + ":" + port;
    }

    @AfterEach
    void removeEverything() throws Exception {
        try {
            if (socat != null) {
                socat.destroy();
                if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                    socat.destroyForcibly();
                }
            }
        } finally {
            var docker = DockerClientFactory.lazyClient();
            docker.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of("io.mesosharness.cluster", label))
                    .exec()
                    .forEach(c -> docker.removeContainerCmd(c.getId())
                            .withForce(true)
                            .withRemoveVolumes(true)
                            .exec());
            if (vethCreated) {
                run(Duration.ofSeconds(10), "ip", "link", "del", hostVeth); // takes its peer with it
            }
            if (namespaceCreated) {
                run(Duration.ofSeconds(10), "ip", "netns", "del", namespace);
            }
        }
        assertThat(run(Duration.ofSeconds(5), "ip", "netns", "list").out()).doesNotContain(namespace);
    }

    @Test
    void theClusterIsReachedAtTheEnginesAddressFromAnotherNetwork() throws Exception {
        Map<String, String> child = child("harness");

        assertThat(child.get("exit")).as("child JVM: %s", child).isEqualTo("0");
        // really over TCP from the namespace: no fallback to the Unix socket
        assertThat(child.get("docker-host")).isEqualTo(dockerHost);
        assertThat(child.get("host")).isEqualTo(hostIp);
        assertThat(child.get("connect")).startsWith(hostIp + ":");
        assertThat(child.get("bound")).as("published on all interfaces").isEqualTo("0.0.0.0");
        assertThat(child.get("session"))
                .as("a ZooKeeper session at getHost():mappedPort")
                .isNotEqualTo("0");
        // addressing the cluster as 127.0.0.1, as the harness did before, fails there
        assertThat(child.get("loopback-address")).isEqualTo("refused");
    }

    @Test
    void aLoopbackOnlyBindingCannotBeReachedFromThere() throws Exception {
        Map<String, String> child = child("loopback");

        assertThat(child.get("docker-host")).isEqualTo(dockerHost);
        assertThat(child.get("exit")).as("child JVM: %s", child).isEqualTo("1");
        // the readiness wait, run from the namespace, never gets a session
        assertThat(child.get("failed")).contains("ZooKeeper client session was not ready within");
    }

    /** Runs {@link RemoteEngineChild} inside the namespace with the engine at {@code dockerHost}. */
    private Map<String, String> child(String mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String image = System.getProperty("mesos.harness.image.zookeeper");
        if (image != null && !image.isBlank()) {
            command.add("-Dmesos.harness.image.zookeeper=" + image);
        }
        command.addAll(List.of("-cp", testClasspath(), RemoteEngineChild.class.getName(), label, mode));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(new File("/dev/null"));
        builder.environment().put("DOCKER_HOST", dockerHost);
        builder.environment().remove("TESTCONTAINERS_HOST_OVERRIDE"); // Testcontainers' own host: the engine's address
        builder.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        builder.environment().put("TESTCONTAINERS_CHECKS_DISABLE", "true");
        Process process = builder.start();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the child JVM (" + mode + ") did not end within 120 s; output: " + out.join());
        }
        Map<String, String> values = new LinkedHashMap<>();
        out.join().lines().filter(l -> l.matches("[a-z-]+=.*")).forEach(l -> {
            int eq = l.indexOf('=');
            values.put(l.substring(0, eq), l.substring(eq + 1));
        });
        values.put("exit", String.valueOf(process.exitValue()));
        if (process.exitValue() != 0) {
            values.put("stderr", ComponentContainer.abbreviate(err.join(), 2000));
        }
        return values;
    }

    private static String testClasspath() {
        String classpath = System.getProperty("java.class.path");
        assertThat(classpath)
                .as("the test classpath (the child JVM runs RemoteEngineChild from it)")
                .contains("test-classes");
        return classpath;
    }

    /** A 10.213.N.0/30 that no interface here uses. */
    private static int freeSubnet() throws IOException, InterruptedException {
        String addresses = run(Duration.ofSeconds(5), "ip", "-4", "-o", "addr").out();
        for (int i = 0; i < 50; i++) {
            int n = ThreadLocalRandom.current().nextInt(256);
            if (!addresses.contains("10.213." + n + ".")) {
                return n;
            }
        }
        throw new AssertionError("no free 10.213.N.0/30 subnet found among: " + addresses);
    }

    private static boolean connects(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        return List.of(System.getenv()
                        .getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                        .split(":"))
                .stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    private record Result(int exitCode, String out) {}

    private static void ok(String... command) throws IOException, InterruptedException {
        Result result = run(Duration.ofSeconds(10), command);
        assertThat(result.exitCode())
                .as("%s: %s", String.join(" ", command), result.out())
                .isZero();
    }

    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(new File("/dev/null"))
                .start();
        CompletableFuture<String> out = read(process.getInputStream());
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + timeout);
        }
        return new Result(process.exitValue(), out.join());
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
