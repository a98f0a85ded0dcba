package io.mesosharness.cluster;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An existing Mesos + Marathon cluster, reached by URL: starts nothing, breaks nothing (faults throw
 * {@link UnsupportedOperationException}). Tests work in an app namespace ({@link NamespacedCluster#of}), whose reset
 * touches only that group; {@link #reset()} of the whole cluster refuses.
 */
public final class ExternalCluster extends AbstractCluster {

    private final URI mesosUrl;
    private final URI marathonUrl;
    private final MesosClient mesos;
    private final MarathonClient marathon;

    private ExternalCluster(URI mesosUrl, URI marathonUrl) {
        this.mesosUrl = mesosUrl;
        this.marathonUrl = marathonUrl;
        this.mesos = new MesosClient(() -> mesosUrl);
        this.marathon = new MarathonClient(() -> marathonUrl);
    }

    /** Connects to the cluster at these URLs and checks that both answer. */
    public static ExternalCluster connect(String mesosUrl, String marathonUrl) {
        ExternalCluster cluster = new ExternalCluster(parse(mesosUrl, "Mesos"), parse(marathonUrl, "Marathon"));
        cluster.answers(cluster.mesos::state, "The external Mesos master at " + mesosUrl);
        cluster.answers(cluster.marathon::info, "The external Marathon at " + marathonUrl);
        return cluster;
    }

    private void answers(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException(what + " does not answer: " + e.getMessage(), e);
        }
    }

    /** The external cluster configured in {@link HarnessConfiguration}, if any. */
    public static Optional<ExternalCluster> fromConfiguration(HarnessConfiguration config) {
        return config.externalCluster().map(urls -> connect(urls.mesosUrl(), urls.marathonUrl()));
    }

    private static URI parse(String url, String what) {
        try {
            return HttpSupport.fixedBaseUrl(url, what).get();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "Bad external " + what + " URL '" + url + "': expected e.g. http://host:port", e);
        }
    }

    @Override
    public String id() {
        return "external:" + mesosUrl;
    }

    @Override
    public String name() {
        return "external";
    }

    @Override
    public boolean isExternal() {
        return true;
    }

    @Override
    public URI mesosUrl() {
        return mesosUrl;
    }

    @Override
    public URI marathonUrl() {
        return marathonUrl;
    }

    @Override
    public MarathonClient marathon() {
        return marathon;
    }

    @Override
    public MesosClient mesos() {
        return mesos;
    }

    @Override
    public Duration reset() {
        throw new UnsupportedOperationException("reset() of the whole external cluster " + marathonUrl
                + " would remove others' apps: work in an app namespace, NamespacedCluster.of(cluster, \"my-tests\"),"
                + " and reset that");
    }

    @Override
    public List<AgentHandle> agents() {
        return mesos.agents().stream()
                .map(a -> (AgentHandle) new ExternalAgent(a, mesosUrl.toString()))
                .toList();
    }

    @Override
    public List<MasterHandle> masters() {
        return List.of(new MasterHandle() {
            @Override
            public String name() {
                return mesosUrl.getHost();
            }

            @Override
            public URI url() {
                return mesosUrl;
            }

            @Override
            public boolean isLeading() {
                // a leader redirects to itself, a standby to the leader (Location names the master's hostname)
                return mesos.redirectLeader(mesosUrl, Duration.ofSeconds(2))
                        .map(to -> to.getHost().equals(mesosUrl.getHost())
                                || to.getHost().equals(mesos.state().hostname()))
                        .orElse(false);
            }

            @Override
            public void stop() {
                throw notAvailableExternally("stop() of a master", mesosUrl.toString());
            }

            @Override
            public void start() {
                throw notAvailableExternally("start() of a master", mesosUrl.toString());
            }
        });
    }

    @Override
    public Failover stopLeadingMaster() {
        throw notAvailableExternally("stopLeadingMaster()", mesosUrl.toString());
    }

    @Override
    public void restartZooKeeper() {
        throw notAvailableExternally("restartZooKeeper()", mesosUrl.toString());
    }

    @Override
    public void restartMarathon() {
        throw notAvailableExternally("restartMarathon()", marathonUrl.toString());
    }

    @Override
    public String retain() {
        return "External cluster " + mesosUrl + " / " + marathonUrl + ": the harness started nothing there, so "
                + "nothing is kept or removed.";
    }

    @Override
    public Map<String, String> recentLogs(int lines) {
        return Map.of();
    }

    @Override
    public void close() {
        marathon.close();
        mesos.close();
    }

    private static UnsupportedOperationException notAvailableExternally(String what, String url) {
        return new UnsupportedOperationException(what + " is not available against an external cluster (" + url
                + "): the harness started nothing there and breaks nothing there. Run this test against a local "
                + "cluster, or unset MESOS_HARNESS_EXTERNAL_MESOS_URL / MESOS_HARNESS_EXTERNAL_MARATHON_URL.");
    }

    /** An agent of an external cluster: readable, not breakable. */
    private record ExternalAgent(Agent agent, String url) implements AgentHandle {

        @Override
        public String name() {
            return agent.hostname();
        }

        @Override
        public Map<String, String> attributes() {
            Map<String, String> out = new LinkedHashMap<>();
            agent.attributes()
                    .keySet()
                    .forEach(k -> out.put(k, agent.attribute(k).orElse("")));
            return out;
        }

        @Override
        public Optional<String> agentId() {
            return Optional.of(agent.id());
        }

        private UnsupportedOperationException no(String what) {
            return notAvailableExternally("Agent " + agent.hostname() + ": " + what, url);
        }

        @Override
        public void stop() {
            throw no("stop()");
        }

        @Override
        public void start() {
            throw no("start()");
        }

        @Override
        public void pause() {
            throw no("pause()");
        }

        @Override
        public void unpause() {
            throw no("unpause()");
        }

        @Override
        public void disconnect() {
            throw no("disconnect()");
        }

        @Override
        public void reconnect() {
            throw no("reconnect()");
        }

        @Override
        public String exec(String... command) {
            throw no("exec()");
        }
    }
}
