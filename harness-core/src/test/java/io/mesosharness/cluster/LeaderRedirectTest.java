package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.mesos.MesosClient;
import io.mesosharness.testing.FakeServer;
import java.io.IOException;
import java.net.URI;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Finding the leading master: every master answers {@code /master/redirect} with a 307 naming the leader, as captured
 * on a real 3-master cluster ({@code shared/reference/captured/faults/B4-master-failover-redirect-before.txt}).
 */
@Tag("unit")
class LeaderRedirectTest {

    private final FakeServer master = new FakeServer();
    /** The cluster's own client asks each master in turn (no second HTTP client for the lookup). */
    private final MesosClient client = new MesosClient("http://127.0.0.1:9");

    @AfterEach
    void stop() {
        client.close();
        master.close();
    }

    @Test
    void theLeadersHostnameComesFromTheLocationOfTheRedirect() {
        serve(307, "//cf-m1:5050");

        assertThat(LocalMasters.redirectHost(client, url())).contains("cf-m1");
    }

    @Test
    void noLeaderYetMeansNoHostname() {
        serve(503, null);

        assertThat(LocalMasters.redirectHost(client, url())).isEmpty();
    }

    @Test
    void aMasterThatDoesNotAnswerIsNoLeader() {
        assertThat(LocalMasters.redirectHost(client, URI.create("http://127.0.0.1:1")))
                .isEmpty();
    }

    @Test
    void locationsWithAndWithoutSchemeAndPath() {
        assertThat(LocalMasters.hostOf(URI.create("http://master-2:5050"))).contains("master-2");
        assertThat(LocalMasters.hostOf(URI.create("http://master-3:5050/master/state")))
                .contains("master-3");
        assertThat(LocalMasters.hostOf(URI.create("http://master-1"))).contains("master-1");
        assertThat(LocalMasters.hostOf(URI.create("http://master_4:5050"))).contains("master_4");
        assertThat(LocalMasters.hostOf(URI.create("/master/redirect"))).isEmpty();
    }

    @Test
    void aLocationWithoutHostIsNoLeader() {
        serve(307, "//");

        assertThat(LocalMasters.redirectHost(client, url())).isEmpty();
    }

    /**
     * A master that is starting again: Docker's published port accepts the connection and resets it (the real run of
     * 2026-12-07: "Connection reset" on /master/redirect right after start()). The lookup moves on, it does not fail.
     */
    @Test
    void aMasterWhosePortResetsTheConnectionIsNoLeader() throws Exception {
        try (java.net.ServerSocket starting =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread resetter = new Thread(() -> {
                while (!starting.isClosed()) {
                    try (java.net.Socket s = starting.accept()) {
                        s.setSoLinger(true, 0); // close with RST
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            resetter.setDaemon(true);
            resetter.start();

            assertThat(LocalMasters.redirectHost(client, URI.create("http://127.0.0.1:" + starting.getLocalPort())))
                    .isEmpty();
        }
    }

    private void serve(int status, String location) {
        MockResponse answer = new MockResponse().setResponseCode(status);
        if (location != null) {
            answer.setHeader("Location", location);
        }
        master.route("GET /master/redirect", () -> answer);
    }

    private URI url() {
        return master.url();
    }
}
