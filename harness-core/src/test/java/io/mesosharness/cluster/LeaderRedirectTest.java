package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Finding the leading master: every master answers {@code /master/redirect} with a 307 naming the leader, as captured
 * on a real 3-master cluster ({@code shared/reference/captured/faults/B4-master-failover-redirect-before.txt}).
 */
@Tag("unit")
class LeaderRedirectTest {

    private HttpServer master;

    @AfterEach
    void stop() {
        if (master != null) {
            master.stop(0);
        }
    }

    @Test
    void theLeadersHostnameComesFromTheLocationOfTheRedirect() throws IOException {
        serve(307, "//cf-m1:5050");

        assertThat(LocalCluster.redirectHost(url())).contains("cf-m1");
    }

    @Test
    void noLeaderYetMeansNoHostname() throws IOException {
        serve(503, null);

        assertThat(LocalCluster.redirectHost(url())).isEmpty();
    }

    @Test
    void aMasterThatDoesNotAnswerIsNoLeader() {
        assertThat(LocalCluster.redirectHost(URI.create("http://127.0.0.1:1"))).isEmpty();
    }

    @Test
    void locationsWithAndWithoutSchemeAndPath() {
        assertThat(LocalCluster.host("//master-2:5050")).contains("master-2");
        assertThat(LocalCluster.host("http://master-3:5050/master/state")).contains("master-3");
        assertThat(LocalCluster.host("//master-1")).contains("master-1");
        assertThat(LocalCluster.host("//")).isEmpty();
    }

    private void serve(int status, String location) throws IOException {
        master = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        master.createContext("/master/redirect", exchange -> {
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        master.start();
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + master.getAddress().getPort());
    }
}
