package io.mesosharness.containers;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

/**
 * Opens and closes a ZooKeeper client session over the wire protocol (ConnectRequest, ConnectResponse, closeSession):
 * readiness without the ZooKeeper jar, a log line or a four-letter word.
 */
final class ZooKeeperProbe {

    private static final int CLOSE_SESSION = -11;

    private ZooKeeperProbe() {}

    /** The id of a new session (never 0); throws with the reason when the server does not open one. */
    static long openSession(String host, int port, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body;
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
                body = new byte[length];
                in.readFully(body);
            } catch (EOFException | SocketException e) {
                throw new IOException(
                        host + ":" + port + " closed the connection without answering a ZooKeeper"
                                + " ConnectRequest (" + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                + "): the server is not serving yet, or it is not ZooKeeper",
                        e);
            }
            DataInputStream response = new DataInputStream(new ByteArrayInputStream(body));
            response.readInt(); // protocolVersion
            int negotiatedTimeout = response.readInt();
            long sessionId = response.readLong();
            if (sessionId == 0 || negotiatedTimeout <= 0) {
                throw new IOException(host + ":" + port + " refused the ZooKeeper session (session id " + sessionId
                        + ", timeout " + negotiatedTimeout + ")");
            }
            try {
                out.writeInt(8);
                out.writeInt(1); // xid
                out.writeInt(CLOSE_SESSION);
                out.flush();
            } catch (IOException ignored) {
                // the session expires on its own
            }
            return sessionId;
        }
    }
}
