package io.mesosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The published artifact as a user runs it: {@code java -jar target/mesos-harness-cli-VERSION.jar ...} in a JVM of its
 * own (the jar is built in {@code package}, before this layer runs), with the exit code and output a shell sees.
 */
@Tag("docker")
class MesosHarnessCliJarTest {

    private record Run(int exitCode, String out, String err) {}

    @Test
    void helpPrintsTheUsageAndSucceeds() throws Exception {
        Run run = java("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("usage: mesos-harness <command> [options]")
                .contains("java -jar mesos-harness-cli-VERSION.jar")
                .contains("up --topology FILE");
    }

    @Test
    void noCommandPrintsTheUsageAndFailsWithTwo() throws Exception {
        Run run = java();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).startsWith("usage: mesos-harness <command>");
    }

    @Test
    void argumentErrorsAreNamedWithExitCodeTwo() throws Exception {
        Run unknown = java("launch");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("mesos-harness: unknown command 'launch'");

        Run noTopology = java("up");
        assertThat(noTopology.exitCode()).isEqualTo(2);
        assertThat(noTopology.err()).startsWith("mesos-harness up: --topology FILE is required");

        Run missingFile = java("up", "--topology", "does-not-exist.yml");
        assertThat(missingFile.exitCode()).isEqualTo(2);
        assertThat(missingFile.err()).contains("does-not-exist.yml");
    }

    @Test
    void statusTalksToTheDockerEngine() throws Exception {
        Run run = java("status");

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.out()).isNotBlank();
        assertThat(run.out().lines().findFirst().orElseThrow())
                .satisfiesAnyOf(
                        first -> assertThat(first).isEqualTo("No mesos-harness clusters on this Docker host."),
                        first -> assertThat(first).contains("mesos-harness"));
    }

    /** Runs the jar with the test JVM's environment (the layer's TESTCONTAINERS_* settings included). */
    private static Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Run(process.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> read(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** target/mesos-harness-cli-VERSION.jar, the shaded jar (the build passes its path). */
    private static Path jar() {
        String jar = System.getProperty("mesos-harness.cli.jar");
        assertThat(jar)
                .as("system property mesos-harness.cli.jar (set by the cli module's failsafe configuration)")
                .isNotBlank();
        assertThat(Path.of(jar)).as("the runnable jar, built in package").isRegularFile();
        return Path.of(jar);
    }
}
