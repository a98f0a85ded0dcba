package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script's class-data archive decisions, run in a local shell with a stand-in for Marathon that behaves
 * as the JVM does with {@code -XX:ArchiveClassesAtExit}: it writes the archive when it exits, normally or on SIGTERM.
 * The real JVM's side is {@code ClassDataArchiveDockerTest}.
 */
@Tag("unit")
class MarathonLauncherTest {

    /** Prints JAVA_OPTS, then exits with $1 or, given "wait", waits for SIGTERM; writes the archive on its way out. */
    private static final String STAND_IN = """
            echo "opts=$JAVA_OPTS"
            out=$(printf '%s' "$JAVA_OPTS" | sed -n 's/.*-XX:ArchiveClassesAtExit=\\([^ ]*\\).*/\\1/p')
            finish() { [ -n "$out" ] && echo classes > "$out"; exit "$1"; }
            trap 'finish 0' TERM
            if [ "$1" = wait ]; then echo waiting; while :; do sleep 0.05; done; fi
            finish "$1"
            """;

    @TempDir
    Path tmp;

    private Path cds;
    private Path javaHome;

    @BeforeEach
    void jdk() throws IOException {
        cds = Files.createDirectory(tmp.resolve("cds"));
        javaHome = Files.createDirectories(tmp.resolve("jdk/bin")).getParent();
        Path java = Files.writeString(javaHome.resolve("bin/java"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        release("17.0.19");
    }

    @Test
    void withoutTheVariableTheEntrypointRunsAsItIs() throws Exception {
        Run run = run(false, "-Xmx512m", "0");
        assertThat(run.exitCode).isZero();
        assertThat(run.output).contains("opts=-Xmx512m").doesNotContain("class-data archive");
    }

    @Test
    void writesTheArchiveWhenMarathonExitsAndKeepsItsExitCode() throws Exception {
        Run run = run(true, "-Xmx512m", "103");
        assertThat(run.exitCode).isEqualTo(103); // the restart policy's reason survives
        assertThat(run.output)
                .contains("class-data archive: writing " + cds.resolve("marathon.jsa") + " when Marathon exits")
                .contains("-XX:ArchiveClassesAtExit=" + cds.resolve("marathon.jsa."))
                .contains("class-data archive: written");
        assertThat(Files.readString(cds.resolve("marathon.jsa"))).isEqualTo("classes\n");
        try (var left = Files.list(cds)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("marathon.jsa");
        }
    }

    @Test
    void forwardsSigtermSoMarathonCanWriteTheArchive() throws Exception {
        Process p = start(true, "-Xmx512m", "wait");
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        List<String> lines = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null && !line.equals("waiting"); ) {
            lines.add(line);
        }
        // SIGTERM, as docker stop sends to the container's first process (Process.destroy would close the output)
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid()))
                        .start()
                        .waitFor())
                .isZero();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        reader.lines().forEach(lines::add);
        assertThat(p.exitValue()).isZero();
        assertThat(String.join("\n", lines)).contains("class-data archive: written");
        assertThat(cds.resolve("marathon.jsa")).hasContent("classes");
    }

    @Test
    void usesAnArchiveThatIsThere() throws Exception {
        Files.writeString(cds.resolve("marathon.jsa"), "classes\n");
        Run run = run(true, "-Xmx512m", "0");
        assertThat(run.output)
                .contains("class-data archive: using " + cds.resolve("marathon.jsa"))
                .contains("opts=-Xmx512m -XX:SharedArchiveFile=" + cds.resolve("marathon.jsa"))
                .doesNotContain("ArchiveClassesAtExit");
    }

    @Test
    void leavesJava8AndJavaOptsThatChooseSharingAlone() throws Exception {
        release("1.8.0_292");
        assertThat(run(true, "-Xmx512m", "0").output)
                .contains("class-data archive: not used (needs Java 13 or later")
                .contains("opts=-Xmx512m\n");
        release("17.0.19");
        assertThat(run(true, "-Xshare:off", "0").output)
                .contains("class-data archive: not used (JAVA_OPTS sets class-data sharing itself)")
                .contains("opts=-Xshare:off\n");
    }

    @Test
    void givesUpAfterTwoStartsThatWroteNoArchive() throws Exception {
        Files.writeString(cds.resolve("try.marathon.1"), "");
        Files.writeString(cds.resolve("try.marathon.2"), "");
        assertThat(run(true, "-Xmx512m", "0").output)
                .contains("class-data archive: not used (2 earlier starts wrote none")
                .contains("opts=-Xmx512m\n");
    }

    @Test
    void startsMarathonAsBeforeWhenTheArchiveDirectoryIsMissing() throws Exception {
        Files.delete(cds); // the volume could not be made
        Run run = run(true, "-Xmx512m", "0");
        assertThat(run.exitCode).isZero();
        assertThat(run.output)
                .contains("class-data archive: not used (" + cds + " missing or not writable")
                .contains("opts=-Xmx512m\n");
    }

    private void release(String version) throws IOException {
        Files.writeString(javaHome.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    }

    private record Run(int exitCode, String output) {}

    private Run run(boolean withArchiveDir, String javaOpts, String mode) throws Exception {
        Process p = start(withArchiveDir, javaOpts, mode);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Process start(boolean withArchiveDir, String javaOpts, String mode) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        MarathonContainer.launcherEntrypoint(List.of("sh", "-c", STAND_IN, "stand-in", mode)))
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("JAVA_OPTS", javaOpts);
        if (withArchiveDir) {
            builder.environment().put(ClassDataArchive.DIR_VARIABLE, cds.toString());
        }
        return builder.start();
    }
}
