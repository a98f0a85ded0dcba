package io.mesosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosharness.testing.FakeServer;
import io.mesosharness.testing.Fixtures;
import io.mesosharness.topology.Topology;
import io.mesosharness.topology.TopologyCapture;
import io.mesosharness.topology.TopologyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's argument handling, and {@code capture} against a master that serves captured responses. */
@Tag("unit")
class MesosHarnessCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final MesosHarnessCli cli = new MesosHarnessCli(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    private final FakeServer master = new FakeServer()
            .json("GET /master/state", "captured/mesos-master-state.json")
            .json("GET /master/slaves", "captured/mesos-master-slaves.json");

    @AfterEach
    void stop() {
        master.close();
    }

    @Test
    void withoutArgumentsPrintsUsageAndFails() {
        assertThat(cli.run(new String[0])).isEqualTo(2);
        assertThat(out.toString()).startsWith("usage: mesos-harness <command>");
    }

    @Test
    void unknownCommandsAndOptionsAreNamed() {
        assertThat(cli.run(new String[] {"launch"})).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command 'launch'");

        assertThat(cli.run(new String[] {"capture", "--form", "http://x"})).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option --form");

        assertThat(cli.run(new String[] {"capture", "--from"})).isEqualTo(2);
        assertThat(err.toString()).contains("--from needs a value");
    }

    @Test
    void captureFromAClusterThatIsNotThereSaysWhatWentWrong() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        int code = cli.run(new String[] {"capture", "--from", "http://127.0.0.1:" + closedPort});

        assertThat(code).isNotZero();
        assertThat(err.toString())
                .contains("cannot read http://127.0.0.1:" + closedPort + "/master/state")
                .contains("ConnectException")
                .contains("is the cluster running?")
                .doesNotContain(": null");
    }

    @Test
    void upNeedsATopologyFile() {
        assertThat(cli.run(new String[] {"up"})).isEqualTo(2);
        assertThat(err.toString()).contains("--topology FILE is required");
    }

    @Test
    void aBadTopologyFileIsReportedWithItsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "name: bad\nmasters: 2\nagents:\n  - name: a1\n");

        assertThat(cli.run(new String[] {"up", "--topology", file.toString()})).isEqualTo(2);
        assertThat(err.toString()).contains("bad.yml").contains("masters");
    }

    @Test
    void captureWritesATopologyFileThatReproducesTheCluster(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prod.yml");

        int code = cli.run(new String[] {"capture", "--from", url(), "--out", file.toString()});

        assertThat(code).isZero();
        assertThat(out.toString()).contains("wrote " + file);
        Topology written = TopologyFiles.load(file);
        ObjectMapper json = new ObjectMapper();
        Topology expected = TopologyCapture.capture(
                null,
                json.readTree(Fixtures.text("captured/mesos-master-state.json")),
                json.readTree(Fixtures.text("captured/mesos-master-slaves.json")));
        assertThat(written).isEqualTo(expected);
        assertThat(Files.readString(file)).startsWith("# captured from " + url());
    }

    @Test
    void captureFromANonLeaderSaysSo() {
        // what a non-leading Mesos master answers (shared/reference/captured/faults/B4-master-failover-redirect-*)
        master.route(
                "GET /follower/master/state",
                () -> new MockResponse().setResponseCode(307).setHeader("Location", "//cf-m1:5050/master/state"));

        assertThat(cli.run(new String[] {"capture", "--from", url() + "/follower"}))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("answered 307: that master is not the leader (it points to "
                        + "//cf-m1:5050/master/state); give the leader's URL");
    }

    @Test
    void captureFromNowhereIsAClearError() {
        assertThat(cli.run(new String[] {"capture", "--from", "http://127.0.0.1:1"}))
                .isEqualTo(2);
        assertThat(err.toString()).contains("cannot read http://127.0.0.1:1/master/state");
    }

    @Test
    void theBenchmarkIsNotPartOfThePublishedCommandLine() {
        assertThat(cli.run(new String[] {"bench", "--agents", "3"})).isEqualTo(2);
        assertThat(err.toString()).contains("in a checkout run ./mesos-harness bench");
        assertThat(MesosHarnessCli.USAGE).doesNotContain("bench");
    }

    private String url() {
        return master.url().toString();
    }
}
