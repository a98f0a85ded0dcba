package io.mesosharness.containers;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import org.testcontainers.utility.DockerImageName;

/**
 * A standalone ZooKeeper server, ready when it opens a real client session ({@link #openSession}; images differ in
 * log lines and four-letter words). {@link #getConnectString()} is for the test JVM, {@link #zkUrl} for containers.
 */
public class ZooKeeperContainer extends ComponentContainer<ZooKeeperContainer> {

    /** Images must be {@code zookeeper} or declared a compatible substitute for it. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("zookeeper");

    public static final int CLIENT_PORT = 2181;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final String generatedAlias;

    public ZooKeeperContainer(DockerImageName dockerImageName) {
        super(dockerImageName, DEFAULT_IMAGE_NAME, "zookeeper", "zookeeper", CLIENT_PORT);
        generatedAlias =
                getNetworkAliases().isEmpty() ? null : getNetworkAliases().get(0);
        waitingFor(new PollingWaitStrategy("ZooKeeper client session", DEFAULT_STARTUP_TIMEOUT, () -> {
            openSession(getHost(), getMappedPort(CLIENT_PORT), Duration.ofSeconds(1));
            return Optional.empty();
        }));
    }

    @Override
    protected String describe() {
        return "ZooKeeper";
    }

    /** For clients in the test JVM: {@code <docker host>:<published port>}, e.g. {@code localhost:49153}. */
    public String getConnectString() {
        return hostAndPort(CLIENT_PORT);
    }

    /** For containers on the same network: {@code <alias>:2181}, the first alias you gave, else the generated one. */
    public String getInternalConnectString() {
        String alias = getNetworkAliases().stream()
                .filter(a -> !a.equals(generatedAlias))
                .findFirst()
                .orElse(generatedAlias);
        return alias + ":" + CLIENT_PORT;
    }

    /** A ZooKeeper URL for Mesos and Marathon on the same network: {@code zk://<alias>:2181/<path>}. */
    public String zkUrl(String path) {
        String clean = path == null ? "" : path.replaceAll("^/+", "");
        if (clean.isEmpty() || clean.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Bad ZooKeeper path '" + path + "': expected e.g. mesos");
        }
        return "zk://" + getInternalConnectString() + "/" + clean;
    }

    /**
     * Opens and closes a client session over ZooKeeper's wire protocol (ConnectRequest, ConnectResponse, closeSession):
     * its id (never 0); throws with the reason when the server does not open one.
     */
    static long openSession(String host, int port, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int negotiatedTimeout;
            long sessionId;
            try {
                // ConnectRequest: protocolVersion, lastZxidSeen, timeOut, sessionId, passwd (buffer), readOnly.
                out.writeInt(4 + 8 + 4 + 8 + 4 + 16 + 1);
                out.writeInt(0);
                out.writeLong(0L);
                out.writeInt(Math.max(millis, 4000));
                out.writeLong(0L);
                out.writeInt(16);
                out.write(new byte[16]);
                out.writeBoolean(false);
                out.flush();
                int length = in.readInt();
                if (length < 20 || length > 1024) {
                    throw new IOException(host + ":" + port + " answered a ZooKeeper ConnectRequest with a frame of "
                            + length + " bytes, which is not a ConnectResponse: it is not ZooKeeper");
                }
                in.readInt(); // protocolVersion
                negotiatedTimeout = in.readInt();
                sessionId = in.readLong();
            } catch (EOFException | SocketException e) {
                throw new IOException(
                        host + ":" + port + " closed the connection without answering a ZooKeeper"
                                + " ConnectRequest (" + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                + "): the server is not serving yet, or it is not ZooKeeper",
                        e);
            }
            if (sessionId == 0 || negotiatedTimeout <= 0) {
                throw new IOException(host + ":" + port + " refused the ZooKeeper session (session id " + sessionId
                        + ", timeout " + negotiatedTimeout + ")");
            }
            try {
                out.writeInt(8);
                out.writeInt(1); // xid
                out.writeInt(-11); // closeSession
                out.flush();
            } catch (IOException ignored) {
                // the session expires on its own
            }
            return sessionId;
        }
    }
}
